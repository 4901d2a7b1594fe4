package io.taidon.envmanager.hardening;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.StubSnapshotCache;
import io.taidon.envmanager.layer.LayerService;
import io.taidon.envmanager.sandbox.LearnerConnection;
import io.taidon.envmanager.sandbox.SandboxAdmin;
import io.taidon.envmanager.sandbox.SandboxService;
import io.taidon.envmanager.snapshot.SnapshotCaptureService;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No learner reaches another, or breaks its own sandbox, through cluster-wide state: on real sandboxes of one runtime
 * ({@link ClusterDefaultsIT}: process, {@link DockerClusterDefaultsIT}: docker) driven through env-manager's
 * services (snapshot-cache's protocol served by {@link StubSnapshotCache}), a learner changes everything it can outside its database
 * ({@link SandboxHardeningIT#CLUSTER_CHANGES}: role settings, {@code RESET ALL}, per-database settings, its
 * password, the learner database's settings, limit, template flag, ACL and comment); after a layer store, a reset
 * to a layer, a reset to empty, a capture and a restore the {@link ClusterDefaults#fingerprint} equals a fresh
 * sandbox's, and a new session with the handed-out password sees the role's defaults.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ClusterDefaultsScenarios {

    private static final QuotaStub QUOTAS = new QuotaStub();

    private static final StubSnapshotCache STORE = new StubSnapshotCache();

    private final List<String> users = new ArrayList<>();

    @Autowired
    private SandboxService sandboxes;

    @Autowired
    private LayerService layers;

    @Autowired
    private SnapshotCaptureService captures;

    @Autowired
    private SandboxAdmin admin;

    /**
     * The properties every runtime shares; a subclass adds the runtime's own in its {@code @DynamicPropertySource}.
     *
     * @param registry where
     * @param dataDir env-manager's data directory for this test class
     */
    static void registerCommon(DynamicPropertyRegistry registry, Path dataDir) {
        TestControlPlane.register(registry, "envs");
        TestTokenIssuer.register(registry);
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.env-manager.data-dir", dataDir::toString);
        registry.add("taidon.env-manager.reconciliation.enabled", () -> "false");
        registry.add("taidon.env-manager.suspend.enabled", () -> "false");
        QUOTAS.register(registry);
        registry.add("taidon.service-client.services.snapshot-cache", STORE::url);
    }

    /** Removes the sandboxes this test created (containers, on the docker runtime). */
    @AfterEach
    void eraseUsers() {
        this.users.forEach(this.sandboxes::eraseUser);
        this.users.clear();
    }

    private String newSandbox(String userId, String fromSnapshotId) {
        this.users.add(userId);
        return this.sandboxes.create(userId, fromSnapshotId, false).id();
    }

    @Test
    void shouldPutTheClusterDefaultsBackWhenALayerIsStoredOrReset() throws SQLException {
        Defaults fresh = freshDefaults();
        String sandbox = newSandbox("u_anon_defaults_layer", null);
        String chain = "a1".repeat(32);
        execute(sandbox, "CREATE TABLE kept (n int)", "INSERT INTO kept VALUES (1), (2)");
        changeClusterState(sandbox);
        this.layers.create(sandbox, chain);
        assertAtDefaults(sandbox, fresh);
        assertThat(query(sandbox, "SELECT count(*) FROM kept")).isEqualTo("2");

        // several resets: the first clones the layer, later ones swap in the spare prepared in the background
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            changeClusterState(sandbox);
            long begin = System.nanoTime();
            this.layers.reset(sandbox, chain);
            nanos.add(System.nanoTime() - begin);
            assertAtDefaults(sandbox, fresh);
            assertThat(query(sandbox, "SELECT count(*) FROM kept")).isEqualTo("2");
        }
        System.out.println("reset to a layer after the learner changed the cluster state (ms): "
                + nanos.stream().map(n -> String.format("%.1f", n / 1e6)).toList());
    }

    @Test
    void shouldPutTheClusterDefaultsBackWhenResetToEmpty() throws SQLException {
        Defaults fresh = freshDefaults();
        String sandbox = newSandbox("u_anon_defaults_empty", null);
        execute(sandbox, "CREATE TABLE dropped (n int)");
        changeClusterState(sandbox);
        this.sandboxes.reset(null, sandbox, null);
        assertAtDefaults(sandbox, fresh);
        assertThat(query(sandbox, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
    }

    /**
     * The reported case: learner A sets role settings and runs a script whose tail becomes a chain snapshot;
     * learner B, who runs the same script, boots from that snapshot and must see none of A's settings.
     */
    @Test
    void shouldNotCarryOneLearnersRoleSettingsToAnotherThroughAChainSnapshot() throws SQLException {
        Defaults fresh = freshDefaults();
        this.users.add("u_anon_learner_a");
        this.users.add("u_anon_learner_b");
        String sandboxA = this.sandboxes.create("u_anon_learner_a", null, true).id();
        String chain = "b2".repeat(32);
        execute(sandboxA, "ALTER ROLE learner SET transform_null_equals = on", "ALTER ROLE learner SET search_path = ''",
                "CREATE TABLE public.films (id int, title text)", "INSERT INTO public.films VALUES (1, NULL)");
        this.layers.create(sandboxA, chain);
        execute(sandboxA, "ALTER ROLE learner SET transform_null_equals = on", "ALTER ROLE learner SET search_path = ''",
                "ALTER DATABASE learner SET enable_seqscan = off");
        String snapshotId = this.captures.capture(sandboxA, "chain", chain, null, UUID.randomUUID().toString(),
                "{\"results\":[]}");

        String sandboxB = this.sandboxes.defaultSandbox("u_anon_learner_b", snapshotId).sandbox().id();
        assertThat(query(sandboxB, "SHOW transform_null_equals")).isEqualTo("off");
        assertThat(query(sandboxB, "SHOW search_path")).isEqualTo("\"$user\", public");
        assertThat(query(sandboxB, "SHOW enable_seqscan")).isEqualTo("on");
        assertThat(query(sandboxB, "SELECT count(*) FROM films WHERE title = NULL")).isEqualTo("0");
        execute(sandboxB, "CREATE TABLE mine (n int)");
        assertAtDefaults(sandboxB, fresh);
    }

    @Test
    void shouldPutTheClusterDefaultsBackWhenASnapshotIsCapturedAndRestored() throws SQLException {
        Defaults fresh = freshDefaults();
        String user = "u_anon_defaults_named";
        String sandbox = newSandbox(user, null);
        execute(sandbox, "CREATE TABLE saved (n int)", "INSERT INTO saved VALUES (7)");
        changeClusterState(sandbox);
        String snapshotId = this.captures.capture(sandbox, "named", null, "mine", UUID.randomUUID().toString(), null);
        assertAtDefaults(sandbox, fresh);

        changeClusterState(sandbox);
        this.sandboxes.reset(null, sandbox, snapshotId);
        assertAtDefaults(sandbox, fresh);
        assertThat(query(sandbox, "SELECT n FROM saved")).isEqualTo("7");
        // the restored snapshot is now the base: a reset goes back to it, not to empty
        execute(sandbox, "DELETE FROM saved");
        changeClusterState(sandbox);
        this.sandboxes.reset(null, sandbox, null);
        assertAtDefaults(sandbox, fresh);
        assertThat(query(sandbox, "SELECT n FROM saved")).isEqualTo("7");

        String branch = newSandbox(user, snapshotId);
        assertAtDefaults(branch, fresh);
        assertThat(query(branch, "SELECT n FROM saved")).isEqualTo("7");
    }

    /** The fingerprint and the learner session's settings of a new, untouched sandbox. */
    private Defaults freshDefaults() throws SQLException {
        String sandbox = newSandbox("u_anon_fresh_" + UUID.randomUUID().toString().substring(0, 8), null);
        return new Defaults(fingerprint(sandbox), sessionSettings(sandbox));
    }

    private void assertAtDefaults(String sandbox, Defaults fresh) throws SQLException {
        assertThat(fingerprint(sandbox).text()).isEqualTo(fresh.fingerprint().text());
        assertThat(fingerprint(sandbox)).isEqualTo(fresh.fingerprint());
        // a new session with the handed-out password gets in and sees the role's defaults
        assertThat(sessionSettings(sandbox)).isEqualTo(fresh.session());
        assertThat(query(sandbox, "SELECT (NULL = NULL) IS NULL")).isEqualTo("t");
        execute(sandbox, "CREATE TABLE IF NOT EXISTS probe_after_reset (n int)", "DROP TABLE probe_after_reset");
    }

    private String sessionSettings(String sandbox) throws SQLException {
        return query(sandbox, "SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings"
                + " WHERE name IN ('transform_null_equals', 'search_path', 'statement_timeout',"
                + " 'idle_in_transaction_session_timeout', 'temp_file_limit', 'work_mem', 'default_transaction_read_only',"
                + " 'enable_seqscan', 'enable_indexscan', 'enable_sort', 'local_preload_libraries')");
    }

    private ClusterDefaults.Fingerprint fingerprint(String sandbox) {
        return this.admin.withAdmin(sandbox, (connection, instance) -> ClusterDefaults.fingerprint(connection));
    }

    private void changeClusterState(String sandbox) throws SQLException {
        LearnerConnection learner = this.sandboxes.learnerConnection(sandbox);
        SandboxHardeningIT.changeClusterStateAsLearner(() -> LearnerJdbc.open(learner));
    }

    private void execute(String sandbox, String... statements) throws SQLException {
        LearnerJdbc.execute(this.sandboxes.learnerConnection(sandbox), statements);
    }

    private String query(String sandbox, String sql) throws SQLException {
        return LearnerJdbc.query(this.sandboxes.learnerConnection(sandbox), sql);
    }

    private record Defaults(ClusterDefaults.Fingerprint fingerprint, String session) {
    }
}
