package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Learner snapshots through the gateway on the real suite (DESIGN.md, "Bases, console, save and restore"): a save
 * holds what the learner last saw (the head the runner rolled back included), a restore makes the snapshot the
 * base that every later run and reset starts from, a branch is an independent sandbox on the same base, and nobody
 * else can see, restore or branch any of it.
 */
class LearnerSnapshotsIT {

    private static final String SETUP = "create table t (id int primary key, v text);\n"
            + "insert into t values (1, 'a'), (2, 'b');";

    private static final String COUNT = "select count(*) from t;";

    private static GatewayClient gateway;

    private static String owner;

    private static String stranger;

    @BeforeAll
    static void signIn() {
        gateway = new GatewayClient(SharedSuite.get().gatewayUrl());
        GatewayClient.Answer registered = gateway.post("/api/auth/register", null,
                GatewayAuthIT.credentials("snapshots-" + UUID.randomUUID() + "@example.org"));
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        owner = registered.string("accessToken");
        // user-profile learns the account's kind (and its registered quotas) on its first call
        assertThat(gateway.get("/api/me", owner).status()).isEqualTo(200);
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        stranger = anonymous.string("accessToken");
    }

    @Test
    void shouldRestoreASavedStateAsTheBaseOfEveryLaterRunAndReset() {
        GatewayClient.Answer setup = run(owner, SETUP, null);
        String sandbox = setup.string("sandboxId");
        // the head (the insert) ran in a transaction the runner rolled back: the save applies it
        String snapshot = save(sandbox, "two rows");
        assertThat(run(owner, "select 1;", sandbox).status()).isEqualTo(200);

        GatewayClient.Answer restored = gateway.post("/api/sandboxes/" + sandbox + "/restore", owner,
                Map.of("snapshotId", snapshot));
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.body().path("base").path("snapshotId").asString()).isEqualTo(snapshot);
        assertThat(gateway.get("/api/sandboxes/" + sandbox, owner).body().path("base").path("kind").asString())
            .isEqualTo("snapshot");

        assertThat(lastRows(run(owner, COUNT, sandbox))).isEqualTo("[[2]]");
        String more = "insert into t values (3, 'c');\n" + COUNT;
        GatewayClient.Answer first = run(owner, more, sandbox);
        assertThat(lastRows(first)).isEqualTo("[[3]]");
        GatewayClient.Answer second = run(owner, more, sandbox);
        assertThat(lastRows(second)).isEqualTo("[[3]]");
        assertThat(second.body().path("cache").path("hitDepth").asInt()).as(second.text()).isEqualTo(1);
        assertThat(second.body().path("cache").path("replayed").asInt()).isZero();
        // every script starts from the base: the insert of the last run is not there
        assertThat(lastRows(run(owner, COUNT, sandbox))).isEqualTo("[[2]]");

        assertThat(gateway.post("/api/sandboxes/" + sandbox + "/reset", owner, null).status()).isEqualTo(200);
        assertThat(lastRows(run(owner, COUNT, sandbox))).isEqualTo("[[2]]");
    }

    @Test
    void shouldBranchIntoAnIndependentSandboxAndKeepItsLineage() {
        GatewayClient.Answer created = gateway.post("/api/sandboxes", owner, null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String source = created.string("id");
        assertThat(run(owner, SETUP + "\n" + COUNT, source).status()).isEqualTo(200);
        String snapshot = save(source, "branch point");

        GatewayClient.Answer branched = gateway.post("/api/sandboxes", owner, Map.of("fromSnapshotId", snapshot));
        assertThat(branched.status()).as(branched.text()).isEqualTo(201);
        String branch = branched.string("id");
        assertThat(branched.body().path("base").path("snapshotId").asString()).isEqualTo(snapshot);

        assertThat(lastRows(run(owner, "insert into t values (10, 'x');\n" + COUNT, branch))).isEqualTo("[[3]]");
        assertThat(lastRows(run(owner, SETUP + "\ndelete from t;\n" + COUNT, source))).isEqualTo("[[0]]");
        String child = save(branch, "branch with 10");
        JsonNode described = gateway.get("/api/snapshots/" + child, owner).body();
        assertThat(described.path("parentId").asString()).as(described.toString()).isEqualTo(snapshot);
        assertThat(described.path("lineage").toString()).contains(snapshot);

        // a branch of the child holds the branch's rows, not the source's
        assertThat(gateway.delete("/api/sandboxes/" + source, owner).status()).isEqualTo(204);
        GatewayClient.Answer grandchild = gateway.post("/api/sandboxes", owner, Map.of("fromSnapshotId", child));
        assertThat(grandchild.status()).as(grandchild.text()).isEqualTo(201);
        assertThat(lastRows(run(owner, "select id from t order by id;", grandchild.string("id"))))
            .isEqualTo("[[1],[2],[10]]");

        // nobody else sees, restores, saves or branches any of it: 404, as for a missing id
        assertThat(gateway.post("/api/sandboxes", stranger, Map.of("fromSnapshotId", snapshot)).status())
            .isEqualTo(404);
        assertThat(gateway.post("/api/sandboxes/" + branch + "/snapshots", stranger, Map.of("name", "x")).status())
            .isEqualTo(404);
        assertThat(gateway.post("/api/sandboxes/" + branch + "/restore", stranger, Map.of("snapshotId", snapshot))
            .status()).isEqualTo(404);
        assertThat(gateway.get("/api/snapshots/" + snapshot, stranger).status()).isEqualTo(404);
    }

    @Test
    void shouldAnswerClearProblemsForBadSaveAndRestoreRequests() {
        GatewayClient.Answer created = gateway.post("/api/sandboxes", stranger, null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String sandbox = created.string("id");
        GatewayClient.Answer noSnapshot = gateway.post("/api/sandboxes/" + sandbox + "/restore", stranger, Map.of());
        assertThat(noSnapshot.status()).isEqualTo(400);
        assertThat(noSnapshot.contentType()).startsWith("application/problem+json");
        GatewayClient.Answer missing = gateway.post("/api/sandboxes/" + sandbox + "/restore", stranger,
                Map.of("snapshotId", "sn_missing"));
        assertThat(missing.status()).as(missing.text()).isEqualTo(404);
        GatewayClient.Answer longName = gateway.post("/api/sandboxes/" + sandbox + "/snapshots", stranger,
                Map.of("name", "n".repeat(201)));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.contentType()).startsWith("application/problem+json");
        assertThat(gateway.delete("/api/sandboxes/" + sandbox, stranger).status()).isEqualTo(204);
    }

    private static String save(String sandbox, String name) {
        GatewayClient.Answer saved = gateway.post("/api/sandboxes/" + sandbox + "/snapshots", owner,
                Map.of("name", name));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        return saved.string("snapshotId");
    }

    private static GatewayClient.Answer run(String token, String sql, String sandbox) {
        GatewayClient.Answer answer = sandbox == null ? gateway.run(token, sql)
                : gateway.run(token, GatewayClient.runBody(sql, sandbox));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer;
    }

    private static String lastRows(GatewayClient.Answer answer) {
        JsonNode statements = answer.body().path("statements");
        JsonNode last = statements.get(statements.size() - 1);
        assertThat(last.path("error").isMissingNode() || last.path("error").isNull()).as(answer.text()).isTrue();
        return last.path("rows").toString();
    }
}
