package io.taidon.envmanager.hardening;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

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

    /**
     * @return the runtime the hardening points run on
     * @throws Exception when it cannot be set up
     */
    SandboxRuntime newRuntime() throws Exception {
        this.dataDir = Files.createTempDirectory("taidon-hardening-");
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
        try (Connection admin = runtime.adminConnection(sandbox, ADMIN_PASSWORD, "postgres")) {
            new SandboxHardening(LIMITS).initialise(admin,
                    database -> runtime.adminConnection(sandbox, ADMIN_PASSWORD, database), LEARNER_PASSWORD);
        }
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
        Properties properties = new Properties();
        properties.setProperty("user", SandboxHardening.LEARNER);
        properties.setProperty("password", LEARNER_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://" + sandbox.host() + ":" + sandbox.port() + "/" + database,
                properties);
    }

    private String queryAsLearner(String sql) throws SQLException {
        try (Connection connection = learner(SandboxHardening.LEARNER);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
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
}
