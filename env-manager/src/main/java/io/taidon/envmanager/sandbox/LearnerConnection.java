package io.taidon.envmanager.sandbox;

/**
 * How sql-runner connects to a sandbox as the learner.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database always {@code learner}
 * @param username always {@code learner}
 * @param password the sandbox's learner password
 */
public record LearnerConnection(String host, int port, String database, String username, String password) {

    @Override
    public String toString() {
        return "LearnerConnection[" + this.host + ":" + this.port + "/" + this.database + "]";
    }
}
