package io.taidon.sqlrunner.execution;

/**
 * Where to connect as the learner.
 *
 * @param host host of the sandbox's PostgreSQL
 * @param port its port
 * @param database the learner's database
 * @param username the learner role
 * @param password its password
 */
public record SandboxTarget(String host, int port, String database, String username, String password) {

    @Override
    public String toString() {
        return "SandboxTarget[" + this.username + "@" + this.host + ":" + this.port + "/" + this.database + "]";
    }
}
