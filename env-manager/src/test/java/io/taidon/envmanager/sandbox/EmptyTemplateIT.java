package io.taidon.envmanager.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.TestDirectories;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Empty sandboxes made from the node's empty template (process runtime): after the first sandbox the template
 * appears in the node-local cache, and a sandbox copied from it is as hardened as one from initdb, with its own
 * passwords, and shares no data with its siblings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EmptyTemplateIT {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private static final Path DATA_DIR = TestDirectories.create("taidon-template-");

    @Autowired
    private SandboxService sandboxes;

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
        registry.add("taidon.env-manager.suspend.enabled", () -> "false");
        QUOTAS.register(registry);
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    @Test
    void shouldStartEmptySandboxesFromAHardenedTemplate() throws Exception {
        QUOTAS.limit(SandboxService.QUOTA, 10);
        String first = this.sandboxes.create("u_template", null, false).id();
        LearnerJdbc.execute(this.sandboxes.learnerConnection(first), "CREATE TABLE only_in_first (n int)");
        Path cache = DATA_DIR.resolve(".snapshot-cache");
        // built in the background after the first sandbox
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> templateReady(cache));
        assertThat(templateReady(cache)).isTrue();

        String copied = this.sandboxes.create("u_template", null, false).id();
        LearnerConnection learner = this.sandboxes.learnerConnection(copied);
        LearnerConnection sibling = this.sandboxes.learnerConnection(first);
        assertThat(learner.password()).isNotEqualTo(sibling.password());
        assertThat(LearnerJdbc.query(learner, "SELECT current_user || ',' || current_database()")).isEqualTo("learner,learner");
        assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
        assertThat(LearnerJdbc.query(learner, "SELECT rolsuper::text || rolcreatedb::text || rolcreaterole::text"
                + " FROM pg_roles WHERE rolname = 'learner'")).isEqualTo("falsefalsefalse");
        assertThat(LearnerJdbc.query(learner, "SELECT has_database_privilege('postgres', 'CONNECT')::text")).isEqualTo("false");
        assertThat(LearnerJdbc.query(learner, "SELECT count(*) FROM pg_database WHERE datname = 'taidon_empty' AND datistemplate"))
            .isEqualTo("1");
        assertThat(LearnerJdbc.query(learner, "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'learner'")).isEqualTo("10");
        assertThatThrownBy(() -> LearnerJdbc.execute(learner, "CREATE DATABASE nope")).isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
        LearnerConnection stale = new LearnerConnection(learner.host(), learner.port(), learner.database(),
                learner.username(), sibling.password());
        assertThatThrownBy(() -> LearnerJdbc.query(stale, "SELECT 1")).isInstanceOf(SQLException.class)
            .hasMessageContaining("password authentication failed");
        // reset to empty works from the template's own taidon_empty
        LearnerJdbc.execute(learner, "CREATE TABLE t (n int)");
        this.sandboxes.reset(null, copied, null);
        assertThat(LearnerJdbc.query(this.sandboxes.learnerConnection(copied),
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");

        this.sandboxes.eraseUser("u_template");
        assertThat(DATA_DIR.resolve(copied)).doesNotExist();
    }

    private static boolean templateReady(Path cache) throws java.io.IOException {
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (var entries = Files.list(cache)) {
            return entries.anyMatch(entry -> entry.getFileName().toString().startsWith("template-empty-")
                    && Files.isRegularFile(entry.resolve("entry.properties")));
        }
    }

}
