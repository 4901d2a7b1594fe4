package io.taidon.envmanager.runtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * JDBC connections to a running sandbox, the same for every runtime: a login ({@link #connect}), the superuser
 * connection runtimes hand out ({@link #admin}) and the wait for a started server to accept the superuser's login
 * ({@link #awaitLogin}).
 */
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

    /**
     * Opens a superuser ({@link SandboxRuntime#SUPERUSER}) connection with a 10-second connect timeout, as
     * {@link SandboxRuntime#adminConnection} does.
     *
     * @param instance a running instance
     * @param superuserPassword its superuser password
     * @param database database name
     * @return an open connection, autocommit on; the caller closes it
     * @throws SandboxRuntimeException when the instance is not running or does not answer
     */
    public static Connection admin(SandboxInstance instance, String superuserPassword, String database) {
        try {
            return connect(instance, SandboxRuntime.SUPERUSER, superuserPassword, database, 10);
        }
        catch (SQLException ex) {
            throw new SandboxRuntimeException("sandbox " + instance.sandboxId() + " does not answer", ex);
        }
    }

    /** A login to a running instance; {@link #SUPERUSER_LOGIN} is the real one. */
    @FunctionalInterface
    public interface Login {

        /**
         * @param running the instance
         * @param superuserPassword its superuser password
         * @param database database name
         * @param timeoutSeconds connect timeout in seconds
         * @return an open connection; the caller closes it
         * @throws SQLException when it is refused or the server does not answer
         */
        Connection open(SandboxInstance running, String superuserPassword, String database, int timeoutSeconds)
                throws SQLException;
    }

    /** Logs in as {@link SandboxRuntime#SUPERUSER} through {@link #connect}. */
    public static final Login SUPERUSER_LOGIN = (running, password, database, timeout) -> connect(running,
            SandboxRuntime.SUPERUSER, password, database, timeout);

    /** Where a starting instance answers, asked before every login attempt. */
    @FunctionalInterface
    public interface Address {

        /**
         * @return the instance, running at its address, or null while the address is not known yet (e.g. the
         *         engine has not published the port)
         * @throws SandboxRuntimeException when the instance has exited and will never answer
         */
        @Nullable SandboxInstance current();
    }

    /**
     * Waits until a started server accepts the superuser's login to {@code postgres}: asks {@code address}, tries a
     * login with a 1-second connect timeout, pauses {@code pause}, and so on until {@code timeout} has passed (at
     * least one attempt is made).
     *
     * @param address where the instance answers; it throws when the instance exited
     * @param superuserPassword the superuser's password
     * @param login how to log in
     * @param timeout how long to try
     * @param pause time between two attempts
     * @param timedOut the message of the exception thrown after {@code timeout} (read then, e.g. with a log tail)
     * @return the instance that accepted the login
     * @throws SandboxRuntimeException what {@code address} throws, or after {@code timeout}, with the last login
     *         failure as its cause
     */
    public static SandboxInstance awaitLogin(Address address, String superuserPassword, Login login, Duration timeout,
            Duration pause, Supplier<String> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        do {
            SandboxInstance current = address.current();
            if (current != null) {
                try (Connection connection = login.open(current, superuserPassword, "postgres", 1)) {
                    connection.isValid(1);
                    return current;
                }
                catch (SQLException ex) {
                    last = ex;
                }
            }
            LockSupport.parkNanos(pause.toNanos());
        }
        while (System.nanoTime() < deadline);
        throw last != null ? new SandboxRuntimeException(timedOut.get(), last)
                : new SandboxRuntimeException(timedOut.get());
    }
}
