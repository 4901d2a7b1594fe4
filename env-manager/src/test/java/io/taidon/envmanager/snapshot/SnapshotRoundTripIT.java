package io.taidon.envmanager.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.sandbox.LearnerConnection;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Capture → restore round trips on real sandboxes of the process runtime, with snapshot-cache's protocol served by
 * {@link StubSnapshotCache}: the data is equal after restore, passwords are fresh, configuration files are
 * Taidon's, layers are not carried, a chain snapshot holds its layer's state, another engine major is refused and
 * another user's named snapshot is 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SnapshotRoundTripIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private static final Path DATA_DIR = TestDirectories.create("taidon-snapshots-");

    private static final String CHAIN = "c4".repeat(32);

    private static final String CHECKSUM = "SELECT count(*) || ':' || md5(string_agg(id || ',' || label, ';' ORDER BY id)) FROM items";

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder builder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "envs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.env-manager.runtime", () -> "process");
        registry.add("taidon.env-manager.data-dir", DATA_DIR::toString);
        registry.add("taidon.env-manager.binaries-dir",
                () -> Path.of("target", "postgres-binaries").toAbsolutePath().toString());
        registry.add("taidon.env-manager.reconciliation.enabled", () -> "false");
        registry.add("taidon.env-manager.runtime", () -> "process");
        QUOTAS.register(registry);
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    @Test
    void shouldRoundTripDataWithFreshPasswordsAndTaidonsConfiguration() throws Exception {
        String source = createSandbox("u_snap_owner", null);
        LearnerConnection original = connection(source);
        LearnerJdbc.execute(original, "CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 20000) g",
                "CREATE INDEX items_label ON items (label)");
        ResponseEntity<String> layer = service().put()
            .uri("/internal/sandboxes/{id}/layers/{hash}", source, CHAIN)
            .retrieve()
            .toEntity(String.class);
        assertThat(layer.getStatusCode().is2xxSuccessful()).isTrue();
        String expected = LearnerJdbc.query(original, CHECKSUM);

        assertThat(service().post().uri("/internal/sandboxes/{id}/named-snapshots", source)
            .body(Map.of("userId", "u_snap_other", "name", "x")).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> saved = service().post().uri("/internal/sandboxes/{id}/named-snapshots", source)
            .body(Map.of("userId", "u_snap_owner", "name", "before-delete"))
            .retrieve()
            .toEntity(String.class);
        assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String snapshotId = (String) json(saved.getBody()).get("snapshotId");
        List<String> paths = paths(STORE.manifest(snapshotId));
        assertThat(paths).contains("PG_VERSION", "global/pg_control")
            .noneMatch(path -> path.equals("postmaster.pid") || path.equals("postgresql.conf")
                    || path.equals("pg_hba.conf") || path.startsWith("pg_stat_tmp/"));
        assertThat(STORE.manifest(snapshotId).get("engineVersion").toString()).startsWith("18.");

        // the source sandbox runs again, unchanged, after the capture
        LearnerConnection sourceAfter = connection(source);
        assertThat(LearnerJdbc.query(sourceAfter, CHECKSUM)).isEqualTo(expected);

        int getsBefore = STORE.blobGets();
        String restored = createSandbox("u_snap_owner", snapshotId);
        assertThat(STORE.blobGets()).isGreaterThan(getsBefore);
        assertThat(DATA_DIR.resolve(".snapshot-cache").resolve(snapshotId).resolve("entry.properties"))
            .isRegularFile();
        LearnerConnection copy = connection(restored);
        assertThat(LearnerJdbc.query(copy, CHECKSUM)).isEqualTo(expected);
        assertThat(LearnerJdbc.query(copy, "SELECT count(*) FROM pg_indexes WHERE indexname = 'items_label'")).isEqualTo("1");
        assertThat(LearnerJdbc.query(copy, "SELECT count(*) FROM pg_database WHERE datname LIKE 'layer%' OR datname LIKE 'spare%'"))
            .isEqualTo("0");
        assertThat(copy.password()).isNotEqualTo(sourceAfter.password());
        LearnerConnection stale = new LearnerConnection(copy.host(), copy.port(), copy.database(), copy.username(),
                sourceAfter.password());
        assertThatThrownBy(() -> LearnerJdbc.query(stale, "SELECT 1")).isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
        assertThat(LearnerJdbc.query(copy, "SELECT current_user")).isEqualTo("learner");
        assertThat(LearnerJdbc.query(copy, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");

        // another user may not restore a private snapshot
        assertThat(user("u_snap_other").post().uri("/api/sandboxes").body(Map.of("fromSnapshotId", snapshotId))
            .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        String othersSandbox = createSandbox("u_snap_other", null);
        assertThat(user("u_snap_other").post().uri("/api/sandboxes/{id}/reset", othersSandbox)
            .body(Map.of("snapshotId", snapshotId)).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(LearnerJdbc.query(connection(othersSandbox), "SELECT current_database()")).isEqualTo("learner");

        // configuration files in a snapshot never reach the server
        String hostile = STORE.putBlob("max_connections = 7\nshared_preload_libraries = 'no_such_library'\n"
            .getBytes(StandardCharsets.UTF_8));
        String withConfig = STORE.derive(snapshotId, manifest -> {
            List<Map<String, Object>> files = new ArrayList<>(files(manifest));
            files.add(Map.of("path", "postgresql.auto.conf", "mode", 384, "size", 60, "sha256", hostile));
            files.add(Map.of("path", "postgresql.conf", "mode", 384, "size", 60, "sha256", hostile));
            manifest.put("files", files);
            return manifest;
        });
        String configured = createSandbox("u_snap_owner", withConfig);
        assertThat(LearnerJdbc.query(connection(configured), "SHOW max_connections")).isEqualTo("40");
        assertThat(LearnerJdbc.query(connection(configured), CHECKSUM)).isEqualTo(expected);

        // another engine major version is refused
        String foreign = STORE.derive(snapshotId, manifest -> {
            manifest.put("engineVersion", "17.6");
            return manifest;
        });
        ResponseEntity<String> refused = user("u_snap_owner").post().uri("/api/sandboxes")
            .body(Map.of("fromSnapshotId", foreign)).retrieve().toEntity(String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("engine-version-mismatch", "17.6");

        // reset to a snapshot brings the data back in the same sandbox
        LearnerJdbc.execute(sourceAfter, "DROP TABLE items");
        assertThat(user("u_snap_owner").post().uri("/api/sandboxes/{id}/reset", source)
            .body(Map.of("snapshotId", snapshotId)).retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
        LearnerConnection reset = connection(source);
        assertThat(LearnerJdbc.query(reset, CHECKSUM)).isEqualTo(expected);
        assertThat(reset.password()).isNotEqualTo(sourceAfter.password());
    }

    @Test
    void shouldCaptureAChainPointFromItsLayerAndShareIt() throws Exception {
        String source = createSandbox("u_chain_a", null);
        LearnerConnection learner = connection(source);
        LearnerJdbc.execute(learner, "CREATE TABLE t (n int)", "INSERT INTO t SELECT generate_series(1, 500)");
        assertThat(service().put().uri("/internal/sandboxes/{id}/layers/{hash}", source, CHAIN).retrieve()
            .toBodilessEntity().getStatusCode().is2xxSuccessful()).isTrue();
        LearnerJdbc.execute(learner, "INSERT INTO t SELECT generate_series(1, 99)"); // the head, after the chain point

        ResponseEntity<String> captured = service().post().uri("/internal/sandboxes/{id}/snapshots", source)
            .body(Map.of("kind", "chain", "chainHash", CHAIN, "idempotencyKey", "chain-" + CHAIN, "metadata",
                    "{\"results\":[]}"))
            .retrieve()
            .toEntity(String.class);
        assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String snapshotId = (String) json(captured.getBody()).get("snapshotId");
        assertThat(paths(STORE.manifest(snapshotId))).contains("taidon-metadata.json");
        // the sandbox keeps its own state (head included) and its layer
        assertThat(LearnerJdbc.query(connection(source), "SELECT count(*) FROM t")).isEqualTo("599");

        int putsBefore = STORE.blobPuts();
        ResponseEntity<String> again = service().post().uri("/internal/sandboxes/{id}/snapshots", source)
            .body(Map.of("kind", "chain", "chainHash", CHAIN, "idempotencyKey", "chain-" + CHAIN))
            .retrieve()
            .toEntity(String.class);
        assertThat(json(again.getBody()).get("snapshotId")).isEqualTo(snapshotId);
        assertThat(STORE.blobPuts()).isEqualTo(putsBefore);

        // a chain capture leaves a copy in the node-local cache: restoring it here downloads no blob
        assertThat(DATA_DIR.resolve(".snapshot-cache").resolve(snapshotId).resolve("entry.properties"))
            .isRegularFile();
        int getsAtCapture = STORE.blobGets();

        // chain snapshots are shared: another user's new sandbox boots from it with the chain point's state
        ResponseEntity<String> other = service().post().uri("/internal/sandboxes/from-snapshot")
            .body(Map.of("userId", "u_chain_b", "snapshotId", snapshotId))
            .retrieve()
            .toEntity(String.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String otherId = (String) json(other.getBody()).get("sandboxId");
        assertThat(LearnerJdbc.query(connection(otherId), "SELECT count(*) FROM t")).isEqualTo("500");
        assertThat(STORE.blobGets()).isEqualTo(getsAtCapture);

        // the default sandbox of a new user starts directly from the snapshot; a second restore of it on this node
        // is a copy from the node-local cache (no blob downloaded) with the chain snapshot's manifest as fetched
        // for the first one
        int getsBefore = STORE.blobGets();
        int manifestsBefore = STORE.manifestGets();
        Map<String, Object> first = defaultSandbox("u_chain_c", snapshotId);
        assertThat(first.get("restoredFrom")).isEqualTo(snapshotId);
        assertThat(STORE.blobGets()).isEqualTo(getsBefore);
        assertThat(STORE.manifestGets()).isEqualTo(manifestsBefore);
        assertThat(DATA_DIR.resolve(".snapshot-cache").resolve(snapshotId).resolve("entry.properties"))
            .isRegularFile();
        String defaultId = (String) first.get("sandboxId");
        LearnerConnection restoredDefault = connection(defaultId);
        assertThat(LearnerJdbc.query(restoredDefault, "SELECT count(*) FROM t")).isEqualTo("500");
        assertThat(LearnerJdbc.query(restoredDefault, "SELECT current_user")).isEqualTo("learner");
        Map<String, Object> existing = defaultSandbox("u_chain_c", snapshotId);
        assertThat(existing.get("sandboxId")).isEqualTo(defaultId);
        assertThat(existing.get("restoredFrom")).isNull();
        // an unknown snapshot: the default sandbox is created empty
        Map<String, Object> empty = defaultSandbox("u_chain_d", "sn_no_such_snapshot");
        assertThat(empty.get("restoredFrom")).isNull();
        assertThat(LearnerJdbc.query(connection((String) empty.get("sandboxId")),
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
        // the old body stays valid
        Map<String, Object> plain = defaultSandboxPlain("u_chain_e");
        assertThat(plain.get("status")).isEqualTo("running");

        ResponseEntity<String> missingLayer = service().post().uri("/internal/sandboxes/{id}/snapshots", otherId)
            .body(Map.of("kind", "chain", "chainHash", "d".repeat(64), "idempotencyKey", "k2"))
            .retrieve()
            .toEntity(String.class);
        assertThat(missingLayer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(LearnerJdbc.query(connection(otherId), "SELECT count(*) FROM t")).isEqualTo("500");
    }

    /**
     * A background capture answers 202 once the sandbox runs again (stopped only for the checkpoint and a local copy)
     * and uploads the copy afterwards: the snapshot holds the chain point, not what the learner ran meanwhile.
     */
    @Test
    void shouldAnswerABackgroundCaptureOnceTheSandboxRunsAndUploadAfter() throws Exception {
        String chain = "e".repeat(64);
        String source = createSandbox("u_chain_bg", null);
        LearnerJdbc.execute(connection(source), "CREATE TABLE t (n int)", "INSERT INTO t SELECT generate_series(1, 70)");
        service().put().uri("/internal/sandboxes/{id}/layers/{hash}", source, chain).retrieve().toBodilessEntity();

        ResponseEntity<String> accepted = service().post().uri("/internal/sandboxes/{id}/snapshots", source)
            .body(Map.of("kind", "chain", "chainHash", chain, "idempotencyKey", "chain-bg", "metadata",
                    "{\"results\":[]}", "background", true))
            .retrieve()
            .toEntity(String.class);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        LearnerConnection learner = connection(source);
        LearnerJdbc.execute(learner, "INSERT INTO t SELECT generate_series(1, 30)");
        assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM t")).isEqualTo("100");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> STORE.committed("chain-bg") != null);
        String snapshotId = STORE.committed("chain-bg");
        assertThat(snapshotId).as("the background upload committed").isNotNull();
        assertThat(paths(STORE.manifest(snapshotId))).contains("taidon-metadata.json");
        ResponseEntity<String> other = service().post().uri("/internal/sandboxes/from-snapshot")
            .body(Map.of("userId", "u_chain_bg2", "snapshotId", snapshotId))
            .retrieve()
            .toEntity(String.class);
        assertThat(LearnerJdbc.query(connection((String) json(other.getBody()).get("sandboxId")), "SELECT count(*) FROM t"))
            .isEqualTo("70");
    }

    private Map<String, Object> defaultSandbox(String userId, String fromSnapshotId) {
        ResponseEntity<String> answer = service().post().uri("/internal/sandboxes/default")
            .body(Map.of("userId", userId, "fromSnapshotId", fromSnapshotId))
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json(answer.getBody());
    }

    private Map<String, Object> defaultSandboxPlain(String userId) {
        ResponseEntity<String> answer = service().post().uri("/internal/sandboxes/default")
            .body(Map.of("userId", userId))
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json(answer.getBody());
    }

    private String createSandbox(String userId, String fromSnapshotId) {
        ResponseEntity<String> created = user(userId).post().uri("/api/sandboxes")
            .body(fromSnapshotId == null ? Map.of() : Map.of("fromSnapshotId", fromSnapshotId))
            .retrieve()
            .toEntity(String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) json(created.getBody()).get("id");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> manifest) {
        return (List<Map<String, Object>>) manifest.get("files");
    }

    private static List<String> paths(Map<String, Object> manifest) {
        return files(manifest).stream().map(file -> (String) file.get("path")).toList();
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

    private static Map<String, Object> json(String body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readValue(body,
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
                });
    }

    private LearnerConnection connection(String sandboxId) {
        ResponseEntity<LearnerConnection> answer = service().get()
            .uri("/internal/sandboxes/{id}/connection", sandboxId)
            .retrieve()
            .toEntity(LearnerConnection.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

}
