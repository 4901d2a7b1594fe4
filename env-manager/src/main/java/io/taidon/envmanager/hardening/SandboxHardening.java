package io.taidon.envmanager.hardening;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * What makes a sandbox safe to hand to a learner, whatever the runtime. Every sandbox has the same names, so a
 * snapshot taken in one restores into any other and {@code current_user} is the same everywhere:
 * <ul>
 * <li>role {@value #LEARNER}: login, not superuser, no CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS, a
 * {@code CONNECTION LIMIT}, and role defaults for {@code statement_timeout},
 * {@code idle_in_transaction_session_timeout}, {@code temp_file_limit} (superuser-only, so it cannot be raised)
 * and {@code work_mem};</li>
 * <li>database {@value #LEARNER} owned by that role, the only database it may connect to ({@code CONNECT} is
 * revoked from {@code PUBLIC} on every other database), whose {@code public} schema it owns and nobody else may
 * use;</li>
 * <li>template {@value #EMPTY_TEMPLATE}: a pristine copy of that database (not connectable), from which "reset to
 * empty" clones;</li>
 * <li>template {@value #BASE_TEMPLATE}, in a sandbox whose base is a snapshot: a copy of the learner database as
 * the base snapshot holds it, from which "reset to the base" clones ({@link #makeBase}).</li>
 * </ul>
 * Everything else the learner is refused (server files, programs, ALTER SYSTEM, untrusted languages, dblink, …)
 * follows from not being a superuser nor a member of a predefined role; the hardening tests prove each point. What
 * the learner may still change outside its database (its role's settings and password, the learner database's
 * settings, attributes, ACL and comment) is put back to these defaults by {@link #restoreClusterDefaults}
 * ({@link ClusterDefaults}) after every reset and restore and before a layer or snapshot is stored.
 */
public final class SandboxHardening {

    /** Name of the learner role and of its database in every sandbox. */
    public static final String LEARNER = "learner";

    /** Template database holding an empty, hardened learner database. */
    public static final String EMPTY_TEMPLATE = "taidon_empty";

    /** Template database holding the learner database of the sandbox's base snapshot, when it has one. */
    public static final String BASE_TEMPLATE = "taidon_base";

    private final ClusterDefaults defaults;

    /**
     * @param limits role defaults and connection limit
     */
    public SandboxHardening(EnvManagerProperties.Learner limits) {
        this.defaults = new ClusterDefaults(limits);
    }

    /**
     * Hardens a new cluster: closes the default databases, creates the learner role, the empty template and the
     * learner database.
     *
     * @param admin superuser connection to the {@code postgres} database
     * @param connectTo opens a superuser connection to a named database of the same cluster
     * @param learnerPassword the learner's password
     * @throws SandboxRuntimeException on any SQL failure
     */
    public void initialise(Connection admin, Function<String, Connection> connectTo, String learnerPassword) {
        execute(admin, "REVOKE ALL ON DATABASE postgres FROM PUBLIC", "REVOKE ALL ON DATABASE template1 FROM PUBLIC",
                "REVOKE ALL ON DATABASE template0 FROM PUBLIC",
                "CREATE ROLE " + LEARNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                        + " NOINHERIT PASSWORD " + literal(this.defaults.verifier(learnerPassword)),
                "CREATE DATABASE " + EMPTY_TEMPLATE + " TEMPLATE template0 STRATEGY FILE_COPY",
                "REVOKE ALL ON DATABASE " + EMPTY_TEMPLATE + " FROM PUBLIC");
        applyLimits(admin);
        try (Connection empty = connectTo.apply(EMPTY_TEMPLATE)) {
            execute(empty, "ALTER SCHEMA public OWNER TO " + LEARNER, "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                    // server-side large-object file access is superuser-only since PostgreSQL 11; keep it so
                    "REVOKE EXECUTE ON FUNCTION lo_import(text), lo_import(text, oid), lo_export(oid, text) FROM PUBLIC");
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("cannot prepare the empty template", ex);
        }
        execute(admin, "ALTER DATABASE " + EMPTY_TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        recreateLearnerDatabase(admin, EMPTY_TEMPLATE);
    }

    /**
     * (Re-)applies the learner role's defaults and connection limit from the current properties.
     *
     * @param admin superuser connection
     */
    public void applyLimits(Connection admin) {
        execute(admin, this.defaults.limitStatements().toArray(String[]::new));
    }

    /**
     * Puts the cluster-wide state a learner can change (its role's settings and password, the learner database's
     * settings, attributes, ACL and comment) back to this sandbox's defaults: see {@link ClusterDefaults}. Called
     * after every reset and restore and before a layer or snapshot is stored; one query when nothing changed.
     *
     * @param admin superuser connection (autocommit)
     * @param learnerPassword env-manager's learner password of this sandbox
     * @return the repairs run (passwords left out), or null when the state was at its defaults
     * @throws SandboxRuntimeException on SQL failure
     */
    public @Nullable String restoreClusterDefaults(Connection admin, String learnerPassword) {
        try {
            return this.defaults.restore(admin, learnerPassword);
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("cannot restore the sandbox's cluster defaults: " + ex.getMessage(), ex);
        }
    }

    /**
     * Hardens a cluster restored from a snapshot: drops what a capture leaves out on purpose (layers, spare clones,
     * the learner database parked during a chain capture; their files were not carried), sets a fresh learner
     * password and puts the cluster-wide state back to the defaults of the current properties
     * ({@link #restoreClusterDefaults}: whatever the snapshot's learner did to its role or database).
     *
     * @param admin superuser connection to the {@code postgres} database
     * @param learnerPassword the learner's new password
     * @throws SandboxRuntimeException on any SQL failure
     */
    public void afterRestore(Connection admin, String learnerPassword) {
        try (Statement statement = admin.createStatement();
                java.sql.ResultSet leftovers = statement.executeQuery("SELECT datname FROM pg_database"
                        + " WHERE datname LIKE 'layer\\_%' OR datname LIKE 'spare\\_%' OR datname LIKE 'taidon\\_capture\\_%'")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (leftovers.next()) {
                names.add(leftovers.getString(1));
            }
            for (String name : names) {
                execute(admin, "ALTER DATABASE " + name + " WITH IS_TEMPLATE false",
                        "DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("cannot list the databases of a restored sandbox", ex);
        }
        restoreClusterDefaults(admin, learnerPassword);
    }

    /**
     * Sets a fresh learner password (after creation and after every restore).
     *
     * @param admin superuser connection
     * @param password the new password
     */
    public void setLearnerPassword(Connection admin, String password) {
        execute(admin, this.defaults.setPassword(password));
    }

    /**
     * Replaces the learner database by a clone of a template (the empty template or a layer): drops it, with its
 * sessions ({@link #dropLearnerDatabase}), and clones with {@code STRATEGY FILE_COPY}.
     *
     * @param admin superuser connection to the {@code postgres} database
     * @param template name of the template database
     */
    public void recreateLearnerDatabase(Connection admin, String template) {
        dropLearnerDatabase(admin);
        execute(admin, "CREATE DATABASE " + LEARNER + " OWNER " + LEARNER + " TEMPLATE " + template + " STRATEGY FILE_COPY",
                "REVOKE ALL ON DATABASE " + LEARNER + " FROM PUBLIC");
    }

    /**
     * Makes the learner database as it is now the sandbox's base: replaces {@value #BASE_TEMPLATE} by a clone of it
     * (not connectable, no privileges for {@code PUBLIC}), so that {@code recreateLearnerDatabase(admin,
     * BASE_TEMPLATE)} goes back to it. Ends the learner's sessions (a clone needs its template unused).
     *
     * @param admin superuser connection to the {@code postgres} database
     * @throws SandboxRuntimeException on SQL failure
     */
    public static void makeBase(Connection admin) {
        boolean exists;
        try (Statement statement = admin.createStatement();
                java.sql.ResultSet row = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + BASE_TEMPLATE + "'")) {
            exists = row.next();
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("sandbox SQL failed: find " + BASE_TEMPLATE + ": " + ex.getMessage(), ex);
        }
        if (exists) {
            execute(admin, "ALTER DATABASE " + BASE_TEMPLATE + " WITH IS_TEMPLATE false",
                    "DROP DATABASE " + BASE_TEMPLATE + " WITH (FORCE)");
        }
        execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + LEARNER + "'"
                        + " AND pid <> pg_backend_pid()",
                "CREATE DATABASE " + BASE_TEMPLATE + " TEMPLATE " + LEARNER
                        + " STRATEGY FILE_COPY IS_TEMPLATE true ALLOW_CONNECTIONS false",
                "REVOKE ALL ON DATABASE " + BASE_TEMPLATE + " FROM PUBLIC");
    }

    /**
     * Drops the learner database, if any, with its sessions. Its owner, the learner, may have made it a template
     * ({@code ALTER DATABASE learner IS_TEMPLATE true}), which PostgreSQL refuses to drop (42809): then that is
     * undone and the drop retried, so that a reset always works. One statement in the usual case.
     *
     * @param admin superuser connection to another database of the sandbox
     * @throws SandboxRuntimeException on SQL failure
     */
    public static void dropLearnerDatabase(Connection admin) {
        try (Statement statement = admin.createStatement()) {
            try {
                statement.execute("DROP DATABASE IF EXISTS " + LEARNER + " WITH (FORCE)");
            }
            catch (SQLException ex) {
                if (!"42809".equals(ex.getSQLState())) {
                    throw ex;
                }
                statement.execute("ALTER DATABASE " + LEARNER + " WITH IS_TEMPLATE false");
                statement.execute("DROP DATABASE IF EXISTS " + LEARNER + " WITH (FORCE)");
            }
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("sandbox SQL failed: DROP DATABASE learner: " + ex.getMessage(), ex);
        }
    }

    /**
     * Runs statements one by one in autocommit.
     *
     * @param connection where
     * @param statements what
     * @throws SandboxRuntimeException naming the failed statement's first words
     */
    public static void execute(Connection connection, String... statements) {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                }
                catch (SQLException ex) {
                    String shown = sql.contains("PASSWORD") ? sql.substring(0, sql.indexOf("PASSWORD")) : sql;
                    throw new SandboxRuntimeException("sandbox SQL failed: " + shown + ": " + ex.getMessage(), ex);
                }
            }
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("sandbox SQL failed", ex);
        }
    }

    /**
     * @param text any text
     * @return it as a standard SQL string literal
     */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
