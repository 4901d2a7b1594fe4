package io.taidon.envmanager.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import io.taidon.envmanager.SandboxResourcesOverlay;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.envmanager.runtime.docker.DockerSandboxRuntime;
import io.taidon.envmanager.runtime.docker.DockerTestSupport;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * env-manager on the docker runtime (real engine, locally built sandbox image; skipped without one unless
 * {@code TAIDON_REQUIRE_DOCKER=true}), through its HTTP API: containers are limited by the owner's quotas as
 * user-profile answers them ({@link QuotaStub} with the resources the test sets: {@link SandboxResourcesOverlay}), a snapshot captured from a docker sandbox restores into a new
 * one and resets an existing one (data equal, fresh superuser and learner passwords, old ones refused), and
 * reconciliation removes what a crash leaves behind (a data directory without container, a container without
 * record) while keeping recorded sandboxes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerSandboxServiceIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final SandboxResourcesOverlay PROFILE = new SandboxResourcesOverlay(QUOTAS);

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private static final Path DATA_DIR = TestDirectories.create("taidon-docker-service-");

    private static final long PIDS_LIMIT = 200;

    private static final String CHECKSUM = "SELECT count(*) || ':' || md5(string_agg(id || ',' || label, ';' ORDER BY id)) FROM items";

    private static DockerTestSupport support;

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder builder;

    @Autowired
    private SandboxRuntime runtime;

    @Autowired
    private SandboxReconciler reconciler;

    @Autowired
    private SandboxRepository records;

    @Autowired
    private SandboxCredentials credentials;

    @BeforeAll
    static void requireDocker() {
        support = DockerTestSupport.require();
    }

    @AfterAll
    static void closeDocker() throws Exception {
        if (support != null) {
            support.close();
        }
        // the node's empty template may still be being built in the background: retry while it writes
        TestDirectories.delete(DATA_DIR, Duration.ofSeconds(15));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "envs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.env-manager.runtime", () -> "docker");
        registry.add("taidon.env-manager.data-dir", DATA_DIR::toString);
        registry.add("taidon.env-manager.docker.image", () -> support.properties().image());
        registry.add("taidon.env-manager.docker.network", () -> support.properties().network());
        registry.add("taidon.env-manager.docker.pids-limit", () -> Long.toString(PIDS_LIMIT));
        registry.add("taidon.env-manager.reconciliation.enabled", () -> "false");
        // QuotaStub.register, with user-profile's address the overlay's
        registry.add("taidon.service-client.services.user-profile", PROFILE::url);
        registry.add("taidon.service-client.token-uri", () -> QUOTAS.url() + "/oauth2/token");
        registry.add("taidon.service-client.client-id", () -> "test-client");
        registry.add("taidon.service-client.client-secret", () -> "test-secret");
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    /** Removes every sandbox of this test's data directory, whatever a failed test left. */
    @AfterEach
    void removeSandboxes() {
        for (SandboxInstance instance : this.runtime.listManaged()) {
            this.runtime.remove(instance.sandboxId());
        }
        this.records.deleteAll();
    }

    @Test
    void shouldLimitEachContainerByItsOwnersQuotas() {
        assertThat(this.runtime.name()).isEqualTo("docker");
        PROFILE.sandboxResources(0.5, 300L * 1024 * 1024);
        String small = createSandbox("u_dock_small", null);
        PROFILE.sandboxResources(1.5, 700L * 1024 * 1024);
        String large = createSandbox("u_dock_large", null);

        HostConfig smallHost = hostConfig(small);
        assertThat(smallHost.getMemory()).isEqualTo(300L * 1024 * 1024);
        assertThat(smallHost.getMemorySwap()).as("no swap beyond the memory quota").isEqualTo(300L * 1024 * 1024);
        assertThat(smallHost.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(smallHost.getPidsLimit()).isEqualTo(PIDS_LIMIT);
        HostConfig largeHost = hostConfig(large);
        assertThat(largeHost.getMemory()).isEqualTo(700L * 1024 * 1024);
        assertThat(largeHost.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(largeHost.getPidsLimit()).isEqualTo(PIDS_LIMIT);
    }

    @Test
    void shouldCaptureAndRestoreASnapshotWithFreshPasswords() throws Exception {
        PROFILE.sandboxResources(1.0, 512L * 1024 * 1024);
        String source = createSandbox("u_dock_snap", null);
        LearnerConnection original = connection(source);
        LearnerJdbc.execute(original, "CREATE TABLE items (id int PRIMARY KEY, label text)",
                "INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 20000) g",
                "CREATE INDEX items_label ON items (label)");
        String expected = LearnerJdbc.query(original, CHECKSUM);
        assertThat(expected).startsWith("20000:");

        ResponseEntity<String> saved = service().post().uri("/internal/sandboxes/{id}/named-snapshots", source)
            .body(Map.of("userId", "u_dock_snap", "name", "docker"))
            .retrieve()
            .toEntity(String.class);
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(HttpStatus.CREATED);
        String snapshotId = (String) json(saved.getBody()).get("snapshotId");
        assertThat(STORE.manifest(snapshotId).get("engineVersion").toString()).startsWith("18.");
        LearnerConnection sourceAfter = connection(source);
        assertThat(LearnerJdbc.query(sourceAfter, CHECKSUM)).as("the source runs again, unchanged").isEqualTo(expected);

        PROFILE.sandboxResources(0.75, 400L * 1024 * 1024);
        String restored = createSandbox("u_dock_snap", snapshotId);
        LearnerConnection copy = connection(restored);
        assertThat(LearnerJdbc.query(copy, CHECKSUM)).isEqualTo(expected);
        assertThat(LearnerJdbc.query(copy, "SELECT count(*) FROM pg_indexes WHERE indexname = 'items_label'")).isEqualTo("1");
        assertThat(hostConfig(restored).getMemory()).as("a restored sandbox is limited too")
            .isEqualTo(400L * 1024 * 1024);
        assertThat(hostConfig(restored).getNanoCPUs()).isEqualTo(750_000_000L);

        // fresh passwords: the learner's and the superuser's (reset offline in a one-off container)
        assertThat(copy.password()).isNotEqualTo(sourceAfter.password());
        LearnerConnection stale = new LearnerConnection(copy.host(), copy.port(), copy.database(), copy.username(),
                sourceAfter.password());
        assertThatThrownBy(() -> LearnerJdbc.query(stale, "SELECT 1")).isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
        String sourceSuperuser = superuserPassword(source);
        String restoredSuperuser = superuserPassword(restored);
        assertThat(restoredSuperuser).isNotEqualTo(sourceSuperuser);
        assertThat(superuserQuery(copy, restoredSuperuser, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
            .isEqualTo("true");
        assertThatThrownBy(() -> superuserQuery(copy, sourceSuperuser, "SELECT 1")).isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
        assertThat(support.docker()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(DockerSandboxRuntime.LABEL_PASSWORD_OF, restored))
            .exec()).as("the password-reset container is gone").isEmpty();

        // reset to the snapshot brings the data back in the same sandbox, with fresh passwords
        LearnerJdbc.execute(sourceAfter, "DROP TABLE items");
        assertThat(user("u_dock_snap").post().uri("/api/sandboxes/{id}/reset", source)
            .body(Map.of("snapshotId", snapshotId)).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.OK);
        LearnerConnection reset = connection(source);
        assertThat(LearnerJdbc.query(reset, CHECKSUM)).isEqualTo(expected);
        assertThat(superuserPassword(source)).isNotEqualTo(sourceSuperuser);
        assertThatThrownBy(() -> superuserQuery(reset, sourceSuperuser, "SELECT 1")).isInstanceOf(SQLException.class);
    }

    @Test
    void shouldReconcileWhatACrashLeftBehind() throws Exception {
        PROFILE.sandboxResources(1.0, 512L * 1024 * 1024);
        String kept = createSandbox("u_dock_kept", null);
        // a crash between creating the data directory and creating the container
        String crashed = support.sandboxId("crash");
        Files.createDirectories(DATA_DIR.resolve(crashed).resolve("pgdata"));
        // a crash after creating the container, before the record (or after deleting the record)
        String orphan = support.sandboxId("orphan");
        this.runtime.create(new SandboxSpec(orphan, "u_dock_gone", SandboxCredentials.newPassword()));
        assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId)
            .contains(kept, crashed, orphan);

        Map<String, Integer> actions = this.reconciler.reconcile();

        assertThat(actions).containsEntry("orphan-removed", 2);
        assertThat(DATA_DIR.resolve(crashed)).doesNotExist();
        assertThat(DATA_DIR.resolve(orphan)).doesNotExist();
        assertThat(this.runtime.inspect(orphan)).isEmpty();
        assertThat(this.runtime.listManaged()).extracting(SandboxInstance::sandboxId).containsExactly(kept);
        assertThat(LearnerJdbc.query(connection(kept), "SELECT 1")).isEqualTo("1");
        assertThat(this.reconciler.reconcile()).doesNotContainKey("orphan-removed");
    }

    private HostConfig hostConfig(String sandboxId) {
        Container container = support.docker()
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(DockerSandboxRuntime.LABEL_SANDBOX, sandboxId))
            .exec()
            .stream()
            .findFirst()
            .orElseThrow();
        return support.docker().inspectContainerCmd(container.getId()).exec().getHostConfig();
    }

    private String superuserPassword(String sandboxId) {
        return this.credentials.decrypt(this.records.findById(sandboxId).orElseThrow().getSuperuserSecret());
    }

    private String createSandbox(String userId, String fromSnapshotId) {
        ResponseEntity<String> created = user(userId).post().uri("/api/sandboxes")
            .body(fromSnapshotId == null ? Map.of() : Map.of("fromSnapshotId", fromSnapshotId))
            .retrieve()
            .toEntity(String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) json(created.getBody()).get("id");
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

    private static String superuserQuery(LearnerConnection address, String password, String sql) throws SQLException {
        try (Connection connection = LearnerJdbc.open(address, SandboxRuntime.SUPERUSER, password)) {
            return LearnerJdbc.query(connection, sql);
        }
    }

}
