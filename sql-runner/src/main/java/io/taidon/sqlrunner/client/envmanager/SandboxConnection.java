package io.taidon.sqlrunner.client.envmanager;

/**
 * How to reach a sandbox as the learner ({@code GET /internal/sandboxes/{sandboxId}/connection}).
 *
 * @param host host of the sandbox's PostgreSQL
 * @param port its port
 * @param database the learner database
 * @param username the learner role
 * @param password its current password
 */
public record SandboxConnection(String host, int port, String database, String username, String password) {

    @Override
    public String toString() {
        return "SandboxConnection[" + this.username + "@" + this.host + ":" + this.port + "/" + this.database + "]";
    }
}
