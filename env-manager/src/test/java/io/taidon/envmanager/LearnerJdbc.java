package io.taidon.envmanager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.taidon.envmanager.sandbox.LearnerConnection;

/** JDBC as the learner, for the tests that check what a learner sees in a sandbox. */
public final class LearnerJdbc {

    private LearnerJdbc() {
    }

    /**
     * @param learner the connection details env-manager handed out
     * @return a connection to the learner database as the learner role
     * @throws SQLException when the sandbox refuses it
     */
    public static Connection open(LearnerConnection learner) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", learner.username());
        properties.setProperty("password", learner.password());
        return DriverManager.getConnection(
                "jdbc:postgresql://" + learner.host() + ":" + learner.port() + "/" + learner.database(), properties);
    }
}
