package io.taidon.envmanager.sandbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.TestDirectories;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/** The public and internal sandbox and layer APIs against real sandboxes of the process runtime. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxApiIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private static final Path DATA_DIR = TestDirectories.create("taidon-api-");

    private static final String HASH_A = "a".repeat(64);

    private static final String HASH_B = "b1".repeat(32);

    @LocalServerPort
    private int port;

    @Autowired
    private SandboxReconciler reconciler;

    @Autowired
    private SandboxService sandboxes;

    @Autowired
    private io.taidon.envmanager.runtime.SandboxRuntime runtime;

    @Autowired
    private RestClient.Builder builder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "envs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.env-manager.runtime", () -> "process");
        registry.add("taidon.env-manager.data-dir", DATA_DIR::toString);
        registry.add("taidon.env-manager.binaries-dir", () -> Path.of("target", "postgres-binaries").toAbsolutePath().toString());
        registry.add("taidon.env-manager.reconciliation.enabled", () -> "false");
        QUOTAS.register(registry);
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    private RestClient client(String token) {
        return this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultHeader("Authorization", "Bearer " + token)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    private RestClient user(String userId) {
        return client(TestTokenIssuer.get().token(userId, "anonymous"));
    }

    private RestClient service() {
        return client(TestTokenIssuer.get().serviceToken("sql-runner"));
    }

    private Map<String, Object> json(ResponseEntity<String> answer) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(answer.getBody(),
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
                });
    }

    @Test
    void shouldCreateListReadRestartResetAndDeleteOwnSandboxesOnly() throws Exception {
        QUOTAS.limit(SandboxService.QUOTA, 10);
        ResponseEntity<String> created = user("u_anon_owner").post().uri("/api/sandboxes").retrieve().toEntity(String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> sandbox = json(created);
        String id = (String) sandbox.get("id");
        assertThat(id).startsWith("sb_");
        assertThat(sandbox.get("status")).isEqualTo("running");
        assertThat((String) sandbox.get("engineVersion")).startsWith("18.");
        assertThat(created.getBody()).doesNotContain("port", "host", "password", "127.0.0.1");

        ResponseEntity<String> read = user("u_anon_owner").get().uri("/api/sandboxes/{id}", id).retrieve().toEntity(String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(((Number) json(read).get("sizeBytes")).longValue()).isGreaterThan(1_000_000);
        assertThat(read.getBody()).doesNotContain("port", "host", "password");

        assertThat(user("u_anon_owner").get().uri("/api/sandboxes").retrieve().toEntity(String.class).getBody()).contains(id);
        assertThat(user("u_anon_other").get().uri("/api/sandboxes").retrieve().toEntity(String.class).getBody()).doesNotContain(id);
        assertThat(user("u_anon_other").get().uri("/api/sandboxes/{id}", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(user("u_anon_other").delete().uri("/api/sandboxes/{id}", id).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(user("u_anon_other").post().uri("/api/sandboxes/{id}/reset", id).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);

        LearnerConnection before = connection(id);
        LearnerJdbc.execute(before, "CREATE TABLE kept (id int)");
        ResponseEntity<String> restarted = user("u_anon_owner").post().uri("/api/sandboxes/{id}/restart", id).retrieve().toEntity(String.class);
        assertThat(restarted.getStatusCode()).isEqualTo(HttpStatus.OK);
        LearnerConnection after = connection(id);
        assertThat(LearnerJdbc.query(after, "SELECT count(*) FROM kept")).isEqualTo("0");

        assertThat(user("u_anon_owner").post().uri("/api/sandboxes/{id}/reset", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.OK);
        assertThat(LearnerJdbc.query(after, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");

        assertThat(user("u_anon_owner").delete().uri("/api/sandboxes/{id}", id).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(DATA_DIR.resolve(id)).doesNotExist();
        assertThat(user("u_anon_owner").get().uri("/api/sandboxes/{id}", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void shouldRefuseWhenTheQuotaIsUsedUpOrTheSnapshotIsUnknown() {
        QUOTAS.limit(SandboxService.QUOTA, 0);
        int directories = DATA_DIR.toFile().list().length;
        ResponseEntity<String> refused = user("u_anon_quota").post().uri("/api/sandboxes").retrieve().toEntity(String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getBody()).contains("https://taidon.io/problems/quota-exceeded");
        QUOTAS.limit(SandboxService.QUOTA, 10);
        ResponseEntity<String> snapshot = user("u_anon_quota").post().uri("/api/sandboxes")
            .body(Map.of("fromSnapshotId", "snap_1")).retrieve().toEntity(String.class);
        assertThat(snapshot.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(snapshot.getBody()).contains("https://taidon.io/problems/not-found");
        assertThat(DATA_DIR.toFile().list()).hasSize(directories);
        assertThat(json(service().get().uri("/internal/users/u_anon_quota/usage").retrieve().toEntity(String.class)))
            .containsEntry("sandboxes", 0);
    }

    @Test
    void shouldServeSqlRunnerDefaultSandboxConnectionLayersAndErasure() throws Exception {
        QUOTAS.limit(SandboxService.QUOTA, 10);
        Map<String, Object> first = json(service().post().uri("/internal/sandboxes/default")
            .body(Map.of("userId", "u_anon_runner")).retrieve().toEntity(String.class));
        Map<String, Object> second = json(service().post().uri("/internal/sandboxes/default")
            .body(Map.of("userId", "u_anon_runner")).retrieve().toEntity(String.class));
        String id = (String) first.get("sandboxId");
        assertThat(second.get("sandboxId")).isEqualTo(id);
        assertThat(first.get("status")).isEqualTo("running");
        assertThat(json(service().get().uri("/internal/sandboxes/{id}?userId=u_anon_runner", id).retrieve().toEntity(String.class)))
            .containsEntry("userId", "u_anon_runner").containsEntry("sandboxId", id);
        assertThat(service().get().uri("/internal/sandboxes/{id}?userId=u_anon_else", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(user("u_anon_runner").get().uri("/internal/sandboxes/{id}/connection", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.FORBIDDEN);

        LearnerConnection learner = connection(id);
        assertThat(learner.database()).isEqualTo("learner");
        assertThat(learner.username()).isEqualTo("learner");
        LearnerJdbc.execute(learner, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)");
        assertThat(service().put().uri("/internal/sandboxes/{id}/layers/{hash}", id, HASH_A).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.CREATED);
        LearnerJdbc.execute(learner, "INSERT INTO t VALUES (2)");
        assertThat(service().put().uri("/internal/sandboxes/{id}/layers/{hash}", id, HASH_B).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.CREATED);
        LearnerJdbc.execute(learner, "INSERT INTO t VALUES (3)", "CREATE TABLE extra (x int)");

        for (int round = 0; round < 3; round++) {
            assertThat(service().post().uri("/internal/sandboxes/{id}/layers/{hash}/reset", id, HASH_A).retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
            assertThat(LearnerJdbc.query(learner, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t")).isEqualTo("1");
            assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM pg_tables WHERE tablename = 'extra'")).isEqualTo("0");
            assertThat(LearnerJdbc.query(learner, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                .isEqualTo("learner");
            LearnerJdbc.execute(learner, "INSERT INTO t VALUES (99)");
        }
        assertThat(service().post().uri("/internal/sandboxes/{id}/layers/{hash}/reset", id, HASH_B).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(LearnerJdbc.query(learner, "SELECT string_agg(id::text, ',' ORDER BY id) FROM t")).isEqualTo("1,2");

        List<String> layers = service().get().uri("/internal/sandboxes/{id}/layers", id).retrieve()
            .body(new ParameterizedTypeReference<List<String>>() {
            });
        assertThat(layers).containsExactlyInAnyOrder(HASH_A, HASH_B);
        assertThat(service().post().uri("/internal/sandboxes/{id}/layers/{hash}/reset", id, "c".repeat(64)).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(service().post().uri("/internal/sandboxes/{id}/layers/{hash}/reset", id, "not-a-hash").retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(service().delete().uri("/internal/sandboxes/{id}/layers/{hash}", id, HASH_A).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(service().get().uri("/internal/sandboxes/{id}/layers", id).retrieve()
            .body(new ParameterizedTypeReference<List<String>>() {
            })).containsExactly(HASH_B);
        assertThat(service().post().uri("/internal/sandboxes/{id}/layers/{hash}/reset", id, HASH_A).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM pg_database WHERE datname LIKE 'layer\\_%'")).isEqualTo("1");

        assertThat(service().post().uri("/internal/sandboxes/{id}/reset", id).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");

        assertThat(json(service().get().uri("/internal/users/u_anon_runner/usage").retrieve().toEntity(String.class)))
            .containsEntry("sandboxes", 1);
        assertThat(service().delete().uri("/internal/users/u_anon_runner").retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(json(service().get().uri("/internal/users/u_anon_runner/usage").retrieve().toEntity(String.class)))
            .containsEntry("sandboxes", 0);
        assertThat(DATA_DIR.resolve(id)).doesNotExist();
        assertThat(service().get().uri("/internal/sandboxes/{id}/connection", id).retrieve().toEntity(String.class).getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void shouldReconcileOrphansVanishedInstancesCrashedServersAndExpiredAnonymousSandboxes() throws Exception {
        QUOTAS.limit(SandboxService.QUOTA, 10);
        this.runtime.create(new io.taidon.envmanager.runtime.SandboxSpec("sb_orphan", "u_anon_gone", "pw"));
        String expired = this.sandboxes.create("u_anon_expired", null, false).id();
        // a visitor who registered keeps the u_anon_ id, and its sandboxes
        QUOTAS.kind("u_anon_upgraded", "registered");
        String upgraded = this.sandboxes.create("u_anon_upgraded", null, false).id();
        String crashed = this.sandboxes.create("u_local_crashed", null, false).id();
        String vanished = this.sandboxes.create("u_local_vanished", null, false).id();
        // a record another runtime made (env-manager ran with docker on this data before): left alone
        String foreign = this.sandboxes.create("u_local_foreign", null, false).id();
        this.runtime.remove(foreign);
        try (Connection admin = TestControlPlane.superuser().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("update envs.sandbox set last_used_at = now() - interval '25 hours' where id in ('"
                    + expired + "', '" + upgraded + "')");
            statement.execute("update envs.sandbox set runtime = 'docker' where id = '" + foreign + "'");
        }
        this.runtime.stop(this.runtime.inspect(crashed).orElseThrow());
        this.runtime.remove(vanished);

        Map<String, Integer> actions = this.reconciler.reconcile();

        assertThat(actions).containsEntry("orphan-removed", 1)
            .containsEntry("expired", 1)
            .containsEntry("marked-stopped", 1)
            .containsEntry("record-removed", 1);
        assertThat(DATA_DIR.resolve("sb_orphan")).doesNotExist();
        assertThat(DATA_DIR.resolve(expired)).doesNotExist();
        assertThat(this.sandboxes.count("u_anon_expired")).isZero();
        assertThat(this.sandboxes.count("u_anon_upgraded")).isEqualTo(1);
        assertThat(this.sandboxes.count("u_local_vanished")).isZero();
        assertThat(this.sandboxes.count("u_local_foreign")).isEqualTo(1);
        assertThat(this.sandboxes.getForUser(crashed, "u_local_crashed").status()).isEqualTo(SandboxStatus.STOPPED);
        // a stopped sandbox starts again on its next use
        assertThat(LearnerJdbc.query(connection(crashed), "SELECT current_user")).isEqualTo("learner");
        assertThat(this.sandboxes.getForUser(crashed, "u_local_crashed").status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(this.reconciler.reconcile()).isEmpty();
        String metrics = client(TestTokenIssuer.get().serviceToken("x")).get().uri("/actuator/prometheus").retrieve()
            .body(String.class);
        assertThat(metrics).contains("taidon_reconciliation_actions_total{action=\"expired\"", "taidon_sandbox_start_seconds_bucket",
                "taidon_sandboxes_active");
        this.sandboxes.eraseUser("u_local_crashed");
        this.sandboxes.eraseUser("u_local_foreign");
    }

    private LearnerConnection connection(String sandboxId) {
        ResponseEntity<LearnerConnection> answer = service().get().uri("/internal/sandboxes/{id}/connection", sandboxId)
            .retrieve()
            .toEntity(LearnerConnection.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

}
