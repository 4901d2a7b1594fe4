package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.taidon.platform.test.Corpus;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.sqlrunner.execution.ResultJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RemoteChainSnapshots} on the real run path: a slow-enough replay offers its tail as a chain snapshot in
 * the background (build lease, then capture with the recorded results); when the sandbox's layer is gone, the next
 * run restores the chain snapshot and serves the tail from it with {@code source: cache} and the same results.
 * snapshot-cache and env-manager's snapshot endpoints are played by {@link ChainSnapshotStub} over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChainSnapshotRunIT {

    private static final EnvManagerStub ENV_MANAGER = startEnvManager();

    private static final ChainSnapshotStub SNAPSHOTS = startSnapshots();

    private static final QuotaStub USER_PROFILE = new QuotaStub();

    private static final String SCRIPT = """
            CREATE TABLE items (id int PRIMARY KEY, price numeric(10,2));
            INSERT INTO items SELECT g, g * 1.25 FROM generate_series(1, 300) g;
            SET search_path = public;
            UPDATE items SET price = price + 1 WHERE id <= 10;
            SELECT count(*), sum(price) FROM items;
            """;

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder builder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "runs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.service-client.services.env-manager", SNAPSHOTS::baseUrl);
        registry.add("taidon.service-client.services.snapshot-cache", SNAPSHOTS::baseUrl);
        USER_PROFILE.register(registry);
        registry.add("taidon.sql-runner.chain-snapshots.capture-threshold", () -> "0ms");
        registry.add("taidon.sql-runner.chain-snapshots.lookup-cache-ttl", () -> "0ms");
        registry.add("taidon.sql-runner.chain-snapshots.lookup-miss-ttl", () -> "0ms");
    }

    @AfterAll
    static void stopStubs() {
        SNAPSHOTS.close();
        ENV_MANAGER.close();
        USER_PROFILE.close();
    }

    @Test
    void shouldServeTheTailFromAChainSnapshotWithTheRecordedResults() {
        // the counters are shared with the other tests of this class: everything is counted from here
        int captures = SNAPSHOTS.captures.get();
        int restores = SNAPSHOTS.restores.get();
        int created = SNAPSHOTS.createdFromSnapshot.get();
        JsonNode first = run("u_chain_snap", SCRIPT);
        String sandboxId = first.get("sandboxId").asString();
        assertThat(sources(first.get("statements"))).containsExactly("replayed", "replayed", "replayed", "replayed",
                "executed");
        awaitBackground().until(() -> SNAPSHOTS.captures.get() != captures);
        assertThat(SNAPSHOTS.captures.get()).as("background chain capture").isEqualTo(captures + 1);

        ENV_MANAGER.evictLayers(sandboxId);
        JsonNode second = run("u_chain_snap", SCRIPT);
        assertThat(SNAPSHOTS.restores.get()).isEqualTo(restores + 1);
        assertThat(sources(second.get("statements"))).containsExactly("cache", "cache", "cache", "cache", "executed");
        assertThat(comparable(second.get("statements"))).isEqualTo(comparable(first.get("statements")));
        assertThat(second.toString()).contains("\"hitDepth\":4");
        // nothing is captured twice: the chain snapshot exists
        assertThat(SNAPSHOTS.captures.get()).isEqualTo(captures + 1);

        // a new user's default sandbox boots straight from the chain snapshot: no empty sandbox, no restore after
        JsonNode newcomer = run("u_chain_newcomer", SCRIPT);
        assertThat(SNAPSHOTS.createdFromSnapshot.get()).isEqualTo(created + 1);
        assertThat(SNAPSHOTS.restores.get()).isEqualTo(restores + 1);
        assertThat(sources(newcomer.get("statements"))).containsExactly("cache", "cache", "cache", "cache",
                "executed");
        assertThat(comparable(newcomer.get("statements"))).isEqualTo(comparable(first.get("statements")));
        // its head ran in a transaction that was rolled back: the layer at the restored point is stored after the
        // answer, and the next runs are served by the kept session or that layer, never by the snapshot again
        String newcomerSandbox = newcomer.get("sandboxId").asString();
        awaitBackground().until(() -> !ENV_MANAGER.layers(newcomerSandbox).isEmpty());
        assertThat(ENV_MANAGER.layers(newcomerSandbox)).as("layer stored after the answer").hasSize(1);
        int resets = ENV_MANAGER.resets.get();
        JsonNode again = run("u_chain_newcomer", SCRIPT);
        assertThat(sources(again.get("statements"))).containsExactly("cache", "cache", "cache", "cache", "executed");
        assertThat(comparable(again.get("statements"))).isEqualTo(comparable(first.get("statements")));
        assertThat(ENV_MANAGER.resets.get()).as("served by the session kept after the layer was stored")
            .isEqualTo(resets);
        String tail = SCRIPT.substring(0, SCRIPT.indexOf("SELECT count(*)"));
        JsonNode changed = run("u_chain_newcomer", tail + "INSERT INTO items VALUES (1000, 1);");
        assertThat(changed.at("/statements/4/commandTag").asString()).isEqualTo("INSERT 0 1");
        JsonNode after = run("u_chain_newcomer", SCRIPT);
        assertThat(comparable(after.get("statements"))).isEqualTo(comparable(first.get("statements")));
        assertThat(after.at("/cache/hitDepth").asInt()).isEqualTo(4);
        assertThat(SNAPSHOTS.restores.get()).isEqualTo(restores + 1);
        assertThat(SNAPSHOTS.createdFromSnapshot.get()).isEqualTo(created + 1);
    }

    /**
     * Cache equivalence through a chain snapshot on real scripts: the script and a head run first in a fresh sandbox
     * (nothing cached: every statement replayed, the tail offered as a chain snapshot), then as a new user's first
     * run, whose sandbox boots from that chain snapshot. Every result must be the same.
     */
    @ParameterizedTest
    @ValueSource(strings = { "pagila", "postgres-regress/sql/interval.sql", "postgres-regress/sql/date.sql" })
    void shouldAnswerTheSameFromAChainSnapshotOnTheCorpus(String name) {
        String script = (name.equals("pagila")
                ? Corpus.read("pagila/pagila-schema.sql") + "\n" + Corpus.read("pagila/pagila-data.sql")
                : Corpus.read(name)) + "\nselect now() is not null;";
        int available = SNAPSHOTS.available();
        int created = SNAPSHOTS.createdFromSnapshot.get();
        String suffix = Integer.toString(Math.abs(name.hashCode()));
        JsonNode cacheOff = run("u_chain_eq_a" + suffix, script);
        assertThat(cacheOff.at("/cache/hitDepth").asInt()).isZero();
        awaitBackground().until(() -> SNAPSHOTS.available() != available);
        assertThat(SNAPSHOTS.available()).as("background chain capture").isEqualTo(available + 1);

        JsonNode fromSnapshot = run("u_chain_eq_b" + suffix, script);
        assertThat(SNAPSHOTS.createdFromSnapshot.get()).isEqualTo(created + 1);
        int statements = fromSnapshot.get("statements").size();
        assertThat(fromSnapshot.at("/cache/hitDepth").asInt()).isEqualTo(statements - 1);
        assertThat(comparable(fromSnapshot.get("statements"))).isEqualTo(comparable(cacheOff.get("statements")));
    }

    /** @return a wait for what a run does after its answer (a chain capture, a layer): up to 60 s, every 20 ms */
    private static ConditionFactory awaitBackground() {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20));
    }

    private JsonNode run(String userId, String sql) {
        ResponseEntity<String> answer = this.builder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build()
            .post()
            .uri("/api/runs")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token(userId, "anonymous"))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("sql", sql))
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return ResultJson.MAPPER.readTree(answer.getBody());
    }

    private static List<JsonNode> comparable(JsonNode statements) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode statement : statements) {
            ObjectNode copy = (ObjectNode) statement.deepCopy();
            copy.remove("durationMs");
            copy.remove("source");
            out.add(copy);
        }
        return out;
    }

    private static List<String> sources(JsonNode statements) {
        List<String> out = new ArrayList<>();
        statements.forEach(statement -> out.add(statement.get("source").asString()));
        return out;
    }

    private static EnvManagerStub startEnvManager() {
        try {
            return new EnvManagerStub();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static ChainSnapshotStub startSnapshots() {
        try {
            return new ChainSnapshotStub(ENV_MANAGER.baseUrl());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
