package io.taidon.envmanager.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suspend and resume on real sandboxes of the process runtime, with snapshot-cache's protocol served by
 * {@link StubSnapshotCache}: an idle sandbox is captured to an {@code auto} snapshot and its instance removed
 * (status {@code suspended}, layers gone, left alone by reconciliation), and the next connection request or a
 * public restart resumes it with its data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxSuspendIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private static final Path DATA_DIR = TestDirectories.create("taidon-suspend-");

    private static final String HASH = "5e".repeat(32);

    @LocalServerPort
    private int port;

    @Autowired
    private SandboxSuspender suspender;

    @Autowired
    private SandboxReconciler reconciler;

    @Autowired
    private SandboxRuntime runtime;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcTemplate jdbc;

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
        // the test runs the sweep itself; anything unused for 1 ms is idle
        registry.add("taidon.env-manager.suspend.enabled", () -> "false");
        registry.add("taidon.env-manager.suspend.idle-after", () -> "1ms");
        QUOTAS.register(registry);
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    @Test
    void shouldSuspendAnIdleSandboxAndResumeItOnNextUse() throws Exception {
        ResponseEntity<String> created = user("u_suspend").post().uri("/api/sandboxes").body(Map.of()).retrieve()
            .toEntity(String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = (String) json(created.getBody()).get("id");
        LearnerJdbc.execute(connection(id), "CREATE TABLE kept (n int)", "INSERT INTO kept SELECT generate_series(1, 1234)");
        assertThat(service().put().uri("/internal/sandboxes/{id}/layers/{hash}", id, HASH).retrieve()
            .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(layers(id)).containsExactly(HASH);

        suspendEventually(id);
        assertThat(this.runtime.inspect(id)).isEmpty();
        assertThat(DATA_DIR.resolve(id)).doesNotExist();
        assertThat(status(id)).isEqualTo("suspended");
        assertThat(layers(id)).isEmpty();
        assertThat(this.meters.counter("taidon.sandbox.suspended").count()).isGreaterThanOrEqualTo(1.0);
        assertThat(auditCount("sandbox.suspended", id)).isEqualTo(1);

        // a suspended record without an instance is not broken
        this.reconciler.reconcile();
        assertThat(status(id)).isEqualTo("suspended");

        // the next use resumes it transparently, with its data
        double resumedBefore = this.meters.counter("taidon.sandbox.resumed").count();
        assertThat(LearnerJdbc.query(connection(id), "SELECT count(*) FROM kept")).isEqualTo("1234");
        assertThat(this.runtime.inspect(id)).hasValueSatisfying(instance -> assertThat(instance.running()).isTrue());
        assertThat(status(id)).isEqualTo("running");
        assertThat(this.meters.counter("taidon.sandbox.resumed").count()).isEqualTo(resumedBefore + 1);
        assertThat(auditCount("sandbox.resumed", id)).isEqualTo(1);
        assertThat(layers(id)).isEmpty();

        // a public restart of a suspended sandbox resumes it too
        LearnerJdbc.execute(connection(id), "INSERT INTO kept VALUES (0)");
        suspendEventually(id);
        assertThat(status(id)).isEqualTo("suspended");
        assertThat(user("u_suspend").post().uri("/api/sandboxes/{id}/restart", id).retrieve().toBodilessEntity()
            .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(status(id)).isEqualTo("running");
        assertThat(LearnerJdbc.query(connection(id), "SELECT count(*) FROM kept")).isEqualTo("1235");

        // leave nothing behind for other test classes sharing the control plane
        assertThat(user("u_suspend").delete().uri("/api/sandboxes/{id}", id).retrieve().toBodilessEntity()
            .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(DATA_DIR.resolve(id)).doesNotExist();
    }

    /** The sweep skips a sandbox whose lock is held (e.g. by the background spare clone): sweep until it is not. */
    private void suspendEventually(String sandboxId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!"suspended".equals(status(sandboxId))) {
                this.suspender.sweep();
            }
            return "suspended".equals(status(sandboxId));
        });
        assertThat(status(sandboxId)).isEqualTo("suspended");
    }

    private int auditCount(String action, String sandboxId) {
        Integer count = this.jdbc.queryForObject("select count(*) from audit_outbox where action = ? and object_id = ?",
                Integer.class, action, sandboxId);
        return count == null ? 0 : count;
    }

    private String status(String sandboxId) {
        ResponseEntity<String> answer = user("u_suspend").get().uri("/api/sandboxes/{id}", sandboxId).retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return (String) json(answer.getBody()).get("status");
    }

    @SuppressWarnings("unchecked")
    private List<String> layers(String sandboxId) {
        return service().get().uri("/internal/sandboxes/{id}/layers", sandboxId).retrieve().body(List.class);
    }

    private LearnerConnection connection(String sandboxId) {
        ResponseEntity<LearnerConnection> answer = service().get()
            .uri("/internal/sandboxes/{id}/connection", sandboxId)
            .retrieve()
            .toEntity(LearnerConnection.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
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

}
