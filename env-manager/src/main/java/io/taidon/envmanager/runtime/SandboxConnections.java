package io.taidon.envmanager.runtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** JDBC connections to a running sandbox, the same for every runtime. */
public final class SandboxConnections {

    private SandboxConnections() {
    }

    /**
     * Opens a connection to {@code jdbc:postgresql://<host>:<port>/<database>} of a running instance, with
     * application name {@code taidon-env-manager}.
     *
     * @param instance a running instance ({@link SandboxInstance#running()})
     * @param user role to log in as
     * @param password its password
     * @param database database name
     * @param timeoutSeconds connect timeout in seconds
     * @return an open connection, autocommit on; the caller closes it
     * @throws SandboxRuntimeException when the instance is not running
     * @throws SQLException when the server does not answer or refuses the login
     */
    public static Connection connect(SandboxInstance instance, String user, String password, String database,
            int timeoutSeconds) throws SQLException {
        if (!instance.running()) {
            throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " is not running");
        }
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("ApplicationName", "taidon-env-manager");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + instance.host() + ":" + instance.port() + "/" + database, properties);
    }
}
