package io.taidon.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * The control-plane PostgreSQL of the embedded mode and of the tests: a zonky embedded PostgreSQL 18 on
 * 127.0.0.1, one database {@value #DATABASE}, and for each service one role {@code taidon_<schema>} that owns
 * exactly one schema and can use nothing else (least privilege; the {@code public} schema is closed).
 * <p>
 * Authentication: the bootstrap superuser {@code postgres} is trusted on loopback only (zonky needs it); every
 * service role must give its SCRAM password.
 */
public final class ControlPlane implements Closeable {

    /** Name of the control-plane database. */
    public static final String DATABASE = "taidon";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final EmbeddedPostgres postgres;

    private ControlPlane(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (or restarts on an existing data directory) the control-plane PostgreSQL.
     *
     * @param dataDirectory where PGDATA lives, or null for a throw-away temporary directory
     * @param port TCP port on 127.0.0.1, or 0 for a free one
     * @return the running control plane
     * @throws UncheckedIOException when PostgreSQL cannot start
     */
    public static ControlPlane start(@Nullable Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setDataDirectoryCustomizer(ControlPlane::writeHbaConf);
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            ControlPlane controlPlane = new ControlPlane(builder.start());
            controlPlane.createDatabase();
            return controlPlane;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("control-plane PostgreSQL did not start", ex);
        }
    }

    private static void writeHbaConf(java.io.File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
                    # Taidon control plane: the bootstrap superuser on loopback only, every service role by password
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void createDatabase() {
        try (Connection connection = superuser().getConnection(); Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                statement.execute("create database " + DATABASE);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot create the control-plane database", ex);
        }
        try (Connection connection = superuser(DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("revoke all on database " + DATABASE + " from public");
            statement.execute("revoke all on schema public from public");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot lock down the control-plane database", ex);
        }
    }

    /**
     * Creates (or updates) the role {@code taidon_<schema>} with the given password and the schema it owns; the
     * role's {@code search_path} is its schema. Idempotent.
     *
     * @param schema the service's schema, lower-case identifier
     * @param password the role's new password
     * @return connection details for the service
     * @throws IllegalArgumentException for a schema name that is not a plain identifier
     */
    public ServiceDatabase provision(String schema, String password) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        String role = "taidon_" + schema;
        String quotedPassword = "'" + password.replace("'", "''") + "'";
        try (Connection connection = superuser(DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select 1 from pg_roles where rolname = '" + role + "'");
            boolean exists = rs.next();
            statement.execute((exists ? "alter role " : "create role ") + role
                    + " login nosuperuser nocreatedb nocreaterole noinherit password " + quotedPassword);
            statement.execute("grant connect on database " + DATABASE + " to " + role);
            statement.execute("create schema if not exists " + schema + " authorization " + role);
            statement.execute("alter role " + role + " in database " + DATABASE + " set search_path = " + schema);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot provision schema " + schema, ex);
        }
        return new ServiceDatabase(schema, jdbcUrl(), role, password);
    }

    /** @return JDBC URL of the control-plane database on 127.0.0.1 */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/" + DATABASE;
    }

    /** @return the TCP port PostgreSQL listens on */
    public int port() {
        return this.postgres.getPort();
    }

    /** @return a superuser data source on the {@code postgres} database (bootstrap and tests only) */
    public DataSource superuser() {
        return this.postgres.getPostgresDatabase();
    }

    /**
     * @param database database name
     * @return a superuser data source on that database (bootstrap and tests only)
     */
    public DataSource superuser(String database) {
        return this.postgres.getDatabase("postgres", database);
    }

    /** Stops PostgreSQL with a clean shutdown. */
    @Override
    public void close() {
        try {
            this.postgres.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
