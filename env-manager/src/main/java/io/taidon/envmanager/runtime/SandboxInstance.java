package io.taidon.envmanager.runtime;

import org.jspecify.annotations.Nullable;

/**
 * A runtime's view of one sandbox's PostgreSQL.
 *
 * @param sandboxId the sandbox's id
 * @param userId the owner as labelled at creation
 * @param runtime the runtime's name
 * @param handle runtime-specific handle: the data directory for {@code process}, a container id for
 *        {@code docker}, the objects' name for {@code kubernetes}
 * @param state whether it runs
 * @param host address to connect to (loopback for {@code process} and {@code docker}, the pod IP for
 *        {@code kubernetes}), or null while not running
 * @param port TCP port, or 0 while not running
 */
public record SandboxInstance(String sandboxId, String userId, String runtime, String handle, State state,
        @Nullable String host, int port) {

    /** Runtime state of an instance. */
    public enum State {
        /** Accepts connections (or its server process is alive). */
        RUNNING,
        /** Exists but no server runs. */
        STOPPED
    }

    /** @return whether the instance runs */
    public boolean running() {
        return this.state == State.RUNNING && this.host != null && this.port > 0;
    }

    /**
     * @param newState new state
     * @param newHost new host
     * @param newPort new port
     * @return a copy with another state and address
     */
    public SandboxInstance with(State newState, @Nullable String newHost, int newPort) {
        return new SandboxInstance(this.sandboxId, this.userId, this.runtime, this.handle, newState, newHost, newPort);
    }
}
