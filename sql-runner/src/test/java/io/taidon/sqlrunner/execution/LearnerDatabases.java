package io.taidon.sqlrunner.execution;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.taidon.platform.test.TestControlPlane;

/** Throw-away databases on the test control plane, each owned by a fresh non-superuser role playing the learner. */
public final class LearnerDatabases {

    private LearnerDatabases() {
    }

    /** @return connection details of a new empty database owned by a new plain role */
    public static SandboxTarget create() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String role = "learner_" + suffix;
        String database = "sandbox_" + suffix;
        String password = UUID.randomUUID().toString();
        try (Connection connection = TestControlPlane.superuser().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create role " + role + " login nosuperuser nocreatedb nocreaterole password '"
                    + password + "'");
            statement.execute("create database " + database + " owner " + role);
            statement.execute("alter database " + database + " set timezone = 'UTC'");
            statement.execute("alter database " + database + " set datestyle = 'ISO'");
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return new SandboxTarget("127.0.0.1", TestControlPlane.get().port(), database, role, password);
    }
}
