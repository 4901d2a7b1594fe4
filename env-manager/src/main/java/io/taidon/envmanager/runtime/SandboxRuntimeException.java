package io.taidon.envmanager.runtime;

/** A runtime could not do what was asked (process failed, instance did not become ready, I/O error). */
public class SandboxRuntimeException extends RuntimeException {

    /**
     * @param message what failed
     * @param cause why, or null
     */
    public SandboxRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed
     */
    public SandboxRuntimeException(String message) {
        super(message);
    }
}
