package io.taidon.envmanager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import io.taidon.envmanager.sandbox.LearnerConnection;

/**
 * JDBC into a sandbox for the tests that check what a learner (or the superuser) sees there: open a connection
 * from the details env-manager handed out, run statements, read one value. The one copy of the helpers the ITs
 * used to repeat.
 */
public final class LearnerJdbc {

    private LearnerJdbc() {
    }

    /**
     * @param learner the connection details env-manager handed out
     * @return a connection to the learner database as the learner role (connect timeout 10 s)
     * @throws SQLException when the sandbox refuses it
     */
    public static Connection open(LearnerConnection learner) throws SQLException {
        return open(learner, learner.username(), learner.password());
    }

    /**
     * @param address the sandbox's host, port and learner database
     * @param user role to log in as (e.g. the superuser)
     * @param password its password
     * @return a connection (connect timeout 10 s)
     * @throws SQLException when the sandbox refuses it
     */
    public static Connection open(LearnerConnection address, String user, String password) throws SQLException {
        return open(address.host(), address.port(), address.database(), user, password);
    }

    /**
     * @param host the sandbox's host
     * @param port its port
     * @param database database name
     * @param user role to log in as
     * @param password its password
     * @return a connection (connect timeout 10 s)
     * @throws SQLException when the sandbox refuses it
     */
    public static Connection open(String host, int port, String database, String user, String password)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
    }

    /**
     * Runs statements as the learner, in one session, in order.
     *
     * @param learner the connection details
     * @param statements SQL statements
     * @throws SQLException on the first that fails
     */
    public static void execute(LearnerConnection learner, String... statements) throws SQLException {
        try (Connection connection = open(learner); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * @param learner the connection details
     * @param sql a query
     * @return the first column of its first row, as text, queried as the learner
     * @throws SQLException when it fails
     */
    public static String query(LearnerConnection learner, String sql) throws SQLException {
        try (Connection connection = open(learner)) {
            return query(connection, sql);
        }
    }

    /**
     * @param connection an open connection (left open)
     * @param sql a query
     * @return the first column of its first row, as text
     * @throws SQLException when it fails
     */
    public static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
