package io.taidon.envmanager.hardening;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import io.taidon.envmanager.LearnerJdbc;
import io.taidon.envmanager.TestDirectories;
import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.envmanager.runtime.process.PostgresBinaries;
import io.taidon.envmanager.runtime.process.ProcessSandboxRuntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every point of the hardening list, executed as the learner in one real sandbox of the process runtime;
 * subclasses run the same points on another runtime ({@link #newRuntime()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxHardeningIT {

    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    private static final String LEARNER_PASSWORD = UUID.randomUUID().toString();

    private static final EnvManagerProperties.Learner LIMITS = new EnvManagerProperties.Learner(Duration.ofSeconds(7),
            Duration.ofSeconds(11), DataSize.ofMegabytes(64), DataSize.ofMegabytes(3), 5);

    private Path dataDir;

    private SandboxRuntime runtime;

    private SandboxInstance sandbox;

    private SandboxHardening hardening;

    private ClusterDefaults.Fingerprint fresh;

    /**
     * @return the runtime the hardening points run on
     * @throws Exception when it cannot be set up
     */
    SandboxRuntime newRuntime() throws Exception {
        this.dataDir = TestDirectories.create("taidon-hardening-");
        return new ProcessSandboxRuntime(PostgresBinaries.extract(Path.of("target", "postgres-binaries")),
                this.dataDir, Duration.ofSeconds(60), false);
    }

    /** @return the sandbox's id */
    String sandboxId() {
        return "sb_hardening";
    }

    /** Checks that the removed sandbox left nothing behind. */
    void assertRemoved() {
        assertThat(this.dataDir.resolve(sandboxId())).doesNotExist();
    }

    @BeforeAll
    void startSandbox() throws Exception {
        runtime = newRuntime();
        SandboxInstance created = runtime.create(new SandboxSpec(sandboxId(), "u_anon_test", ADMIN_PASSWORD));
        sandbox = runtime.start(created, ADMIN_PASSWORD);
        hardening = new SandboxHardening(LIMITS);
        try (Connection admin = admin()) {
            hardening.initialise(admin, database -> runtime.adminConnection(sandbox, ADMIN_PASSWORD, database),
                    LEARNER_PASSWORD);
            fresh = ClusterDefaults.fingerprint(admin);
        }
    }

    private Connection admin() {
        return runtime.adminConnection(sandbox, ADMIN_PASSWORD, "postgres");
    }

    @AfterAll
    void removeSandbox() {
        if (runtime != null) {
            runtime.remove(sandboxId());
            assertThat(runtime.inspect(sandboxId())).isEmpty();
            assertRemoved();
        }
    }

    private Connection learner(String database) throws SQLException {
        return LearnerJdbc.open(sandbox.host(), sandbox.port(), database, SandboxHardening.LEARNER, LEARNER_PASSWORD);
    }

    private String queryAsLearner(String sql) throws SQLException {
        try (Connection connection = learner(SandboxHardening.LEARNER)) {
            return LearnerJdbc.query(connection, sql);
        }
    }

    private void assertRefused(String sql, String... sqlStates) {
        assertThatThrownBy(() -> {
            try (Connection connection = learner(SandboxHardening.LEARNER);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS hardening_probe (line text)");
                statement.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).satisfies(ex -> assertThat(((SQLException) ex).getSQLState())
            .as(sql + ": " + ex.getMessage())
            .isIn((Object[]) sqlStates));
    }

    @Test
    void shouldRunLearnerSqlAsANonSuperuserThatOwnsItsDatabase() throws SQLException {
        assertThat(queryAsLearner("SELECT current_user")).isEqualTo("learner");
        assertThat(queryAsLearner("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
        assertThat(queryAsLearner("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
            .isEqualTo("learner");
        assertThat(queryAsLearner("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"))
            .isEqualTo("learner");
        try (Connection connection = learner(SandboxHardening.LEARNER);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE owned_by_learner (id int)");
            statement.execute("INSERT INTO owned_by_learner VALUES (1)");
        }
        assertThat(queryAsLearner("SELECT count(*) FROM owned_by_learner")).isEqualTo("1");
    }

    @Test
    void shouldRefuseCopyFromOrToProgram() {
        assertRefused("COPY hardening_probe FROM PROGRAM 'id'", "42501");
        assertRefused("COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'", "42501");
    }

    @Test
    void shouldRefuseCopyFromOrToServerFile() {
        assertRefused("COPY hardening_probe FROM '/etc/passwd'", "42501");
        assertRefused("COPY (SELECT 1) TO '/tmp/taidon-hardening-copy'", "42501");
        assertThat(Path.of("/tmp/taidon-hardening-copy")).doesNotExist();
    }

    @Test
    void shouldRefuseServerFileFunctions() {
        assertRefused("SELECT pg_read_file('PG_VERSION')", "42501");
        assertRefused("SELECT pg_read_binary_file('PG_VERSION')", "42501");
        assertRefused("SELECT pg_ls_dir('.')", "42501");
        assertRefused("SELECT pg_stat_file('PG_VERSION')", "42501");
    }

    @Test
    void shouldRefuseServerSideLargeObjectFileAccess() throws SQLException {
        assertRefused("SELECT lo_import('/etc/passwd')", "42501");
        assertRefused("SELECT lo_export(lo_create(0), '/tmp/taidon-hardening-lo')", "42501");
        assertThat(queryAsLearner("SELECT has_function_privilege('lo_import(text)', 'execute')::text"))
            .isEqualTo("false");
        assertThat(queryAsLearner("SELECT has_function_privilege('lo_export(oid, text)', 'execute')::text"))
            .isEqualTo("false");
    }

    @Test
    void shouldRefuseAlterSystem() {
        // 42501: not a superuser; 0A000: ALTER SYSTEM is switched off (allow_alter_system = off) for everyone
        assertRefused("ALTER SYSTEM SET work_mem = '1GB'", "42501", "0A000");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dblink", "postgres_fdw", "file_fdw" })
    void shouldRefuseExtensionsThatReachOutside(String extension) {
        assertRefused("CREATE EXTENSION " + extension, "42501");
    }

    @ParameterizedTest
    @ValueSource(strings = { "plpython3u", "plperlu", "pltclu" })
    void shouldRefuseUntrustedLanguages(String language) {
        // refused whether or not the engine ships the language: 42501 not allowed, 0A000/58P01 not available
        assertRefused("CREATE EXTENSION " + language, "42501", "0A000", "58P01");
        assertRefused("CREATE LANGUAGE " + language, "42501", "0A000", "58P01");
    }

    @Test
    void shouldRefuseFunctionsInC() {
        assertRefused("CREATE FUNCTION sh(text) RETURNS int AS '/lib/x86_64-linux-gnu/libc.so.6', 'system' LANGUAGE c",
                "42501");
    }

    @Test
    void shouldRefuseRoleManagement() {
        assertRefused("CREATE ROLE intruder LOGIN", "42501");
        assertRefused("ALTER ROLE learner SUPERUSER", "42501");
        assertRefused("ALTER ROLE learner CREATEDB", "42501");
        assertRefused("SET ROLE " + SandboxRuntime.SUPERUSER, "42501");
        assertRefused("SET SESSION AUTHORIZATION " + SandboxRuntime.SUPERUSER, "42501");
        assertRefused("GRANT pg_read_server_files TO learner", "42501");
    }

    @Test
    void shouldRefuseRaisingTheTempFileLimit() {
        assertRefused("SET temp_file_limit = -1", "42501");
    }

    @Test
    void shouldRefuseCreateDatabase() {
        assertRefused("CREATE DATABASE another", "42501");
    }

    @Test
    void shouldRefuseConnectionsToOtherDatabases() {
        for (String database : new String[] { "postgres", "template1", SandboxHardening.EMPTY_TEMPLATE }) {
            assertThatThrownBy(() -> learner(database).close()).as(database)
                .isInstanceOf(SQLException.class)
                .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isIn("42501", "55000"));
        }
    }

    @Test
    void shouldSetTheLearnerDefaults() throws SQLException {
        assertThat(queryAsLearner("SHOW statement_timeout")).isEqualTo("7s");
        assertThat(queryAsLearner("SHOW idle_in_transaction_session_timeout")).isEqualTo("11s");
        assertThat(queryAsLearner("SHOW temp_file_limit")).isEqualTo("64MB");
        assertThat(queryAsLearner("SHOW work_mem")).isEqualTo("3MB");
        assertThat(queryAsLearner("SELECT rolconnlimit::text FROM pg_roles WHERE rolname = 'learner'")).isEqualTo("5");
    }

    @Test
    void shouldRefuseTheSuperuserToLearnerPasswordsAndTheLearnerToTheSuperuser() {
        Properties properties = new Properties();
        properties.setProperty("user", SandboxRuntime.SUPERUSER);
        properties.setProperty("password", LEARNER_PASSWORD);
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://" + sandbox.host() + ":" + sandbox.port() + "/postgres", properties).close())
            .isInstanceOf(SQLException.class)
            .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("28P01"));
    }

    /** Opens learner sessions. */
    @FunctionalInterface
    interface LearnerSessions {

        /**
         * @return a new learner session to the learner database
         * @throws SQLException when it cannot log in
         */
        Connection open() throws SQLException;
    }

    /**
     * Everything a learner can change outside its database, found on PostgreSQL 18 (see {@link ClusterDefaults}),
     * done in one learner session: afterwards the learner cannot even log in (a preload library that does not exist,
     * its own password, its CONNECT privilege revoked) and its database cannot be dropped (a template).
     */
    static final List<String> CLUSTER_CHANGES = List.of("ALTER ROLE learner RESET ALL",
            "ALTER ROLE learner SET transform_null_equals = on", "ALTER ROLE learner SET search_path = ''",
            "ALTER ROLE learner SET default_transaction_read_only = on",
            "ALTER ROLE learner IN DATABASE learner SET enable_seqscan = off",
            "ALTER ROLE learner IN DATABASE postgres SET enable_hashjoin = off",
            "ALTER ROLE learner IN DATABASE " + SandboxHardening.EMPTY_TEMPLATE + " SET enable_mergejoin = off",
            "ALTER ROLE ALL IN DATABASE learner SET enable_sort = off",
            "ALTER DATABASE learner SET enable_indexscan = off", "ALTER DATABASE learner CONNECTION LIMIT 3",
            "ALTER DATABASE learner WITH IS_TEMPLATE true", "ALTER DATABASE learner REFRESH COLLATION VERSION",
            "GRANT ALL ON DATABASE learner TO PUBLIC", "GRANT CONNECT ON DATABASE learner TO pg_monitor",
            "COMMENT ON DATABASE learner IS 'mine'", "REVOKE CONNECT ON DATABASE learner FROM learner",
            "ALTER ROLE learner SET local_preload_libraries = 'taidon_no_such_library'",
            "ALTER ROLE learner PASSWORD 'chosen-by-the-learner'");

    /**
     * Changes every piece of cluster-wide state a learner can change, as the learner, and checks that it took.
     *
     * @param connect opens a learner session to the learner database with env-manager's password
     * @throws SQLException on failure
     */
    static void changeClusterStateAsLearner(LearnerSessions connect) throws SQLException {
        try (Connection connection = connect.open(); Statement statement = connection.createStatement()) {
            for (String sql : CLUSTER_CHANGES) {
                statement.execute(sql);
            }
        }
        assertThatThrownBy(() -> connect.open().close()).as("the learner locked itself out")
            .isInstanceOf(SQLException.class);
    }

    @Test
    void shouldPutTheClusterDefaultsBackWhenTheLearnerChangedThem() throws SQLException {
        changeClusterStateAsLearner(() -> learner(SandboxHardening.LEARNER));
        try (Connection admin = admin()) {
            assertThat(ClusterDefaults.fingerprint(admin).text()).isNotEqualTo(fresh.text());
            // a reset must work although the learner made its database a template
            hardening.recreateLearnerDatabase(admin, SandboxHardening.EMPTY_TEMPLATE);
            assertThat(hardening.restoreClusterDefaults(admin, LEARNER_PASSWORD)).isNotNull();
            assertThat(ClusterDefaults.fingerprint(admin)).isEqualTo(fresh);
            assertThat(hardening.restoreClusterDefaults(admin, LEARNER_PASSWORD)).as("nothing left to repair").isNull();
        }
        assertThat(queryAsLearner("SHOW transform_null_equals")).isEqualTo("off");
        assertThat(queryAsLearner("SHOW search_path")).isEqualTo("\"$user\", public");
        assertThat(queryAsLearner("SHOW default_transaction_read_only")).isEqualTo("off");
        assertThat(queryAsLearner("SHOW enable_sort")).isEqualTo("on");
        assertThat(queryAsLearner("SHOW statement_timeout")).isEqualTo("7s");
        assertThat(queryAsLearner("SHOW idle_in_transaction_session_timeout")).isEqualTo("11s");
        assertThat(queryAsLearner("SHOW temp_file_limit")).isEqualTo("64MB");
        assertThat(queryAsLearner("SELECT (NULL = NULL) IS NULL")).isEqualTo("t");
    }

    @Test
    void shouldFindTheClusterStateAtItsDefaultsOnAFreshSandbox() throws SQLException {
        try (Connection admin = admin()) {
            assertThat(hardening.restoreClusterDefaults(admin, LEARNER_PASSWORD)).isNull();
        }
        assertThat(fresh.text()).contains("role learner super=false", "connlimit=5", "password=scram-sha-256",
                "setting */learner idle_in_transaction_session_timeout=11000ms,statement_timeout=7000ms,"
                        + "temp_file_limit=65536kB,work_mem=3072kB",
                "database learner owner=learner template=false allowconn=true connlimit=-1 acl={learner=CTc/learner}");
        assertThat(fresh.digest()).hasSize(64);
        System.out.println("cluster fingerprint of a fresh sandbox (" + runtime.name() + "): " + fresh.digest() + "\n"
                + fresh.text());
    }

    @Test
    void shouldRefuseTheLearnerEveryOtherChangeOfSharedState() throws SQLException {
        for (String sql : List.of("ALTER ROLE learner VALID UNTIL '2000-01-01'", "ALTER ROLE learner CONNECTION LIMIT 1",
                "ALTER ROLE learner NOLOGIN", "ALTER ROLE learner INHERIT", "ALTER ROLE learner RENAME TO other",
                "ALTER ROLE ALL SET work_mem = '1GB'", "ALTER ROLE " + SandboxRuntime.SUPERUSER + " SET work_mem = '1GB'",
                "ALTER ROLE learner SET temp_file_limit = -1", "ALTER ROLE learner RESET temp_file_limit",
                "COMMENT ON ROLE learner IS 'x'", "COMMENT ON DATABASE postgres IS 'x'",
                "COMMENT ON TABLESPACE pg_default IS 'x'", "SECURITY LABEL ON DATABASE learner IS 'x'",
                "SECURITY LABEL ON ROLE learner IS 'x'", "GRANT learner TO pg_monitor", "GRANT pg_monitor TO learner",
                "REVOKE pg_read_all_stats FROM pg_monitor", "GRANT CREATE ON TABLESPACE pg_default TO PUBLIC",
                "GRANT SET ON PARAMETER work_mem TO learner", "GRANT CONNECT ON DATABASE postgres TO learner",
                "ALTER DATABASE postgres SET work_mem = '1GB'", "ALTER DATABASE postgres CONNECTION LIMIT 1",
                "ALTER DATABASE learner RENAME TO other", "ALTER DATABASE learner OWNER TO " + SandboxRuntime.SUPERUSER,
                "ALTER DATABASE learner WITH ALLOW_CONNECTIONS false", "ALTER DATABASE learner SET TABLESPACE pg_global",
                "CREATE SUBSCRIPTION s CONNECTION 'host=127.0.0.1' PUBLICATION p")) {
            assertThatThrownBy(() -> {
                try (Connection connection = learner(SandboxHardening.LEARNER);
                        Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }).as(sql).isInstanceOf(SQLException.class);
        }
        try (Connection admin = admin()) {
            assertThat(ClusterDefaults.fingerprint(admin)).isEqualTo(fresh);
        }
    }
}
