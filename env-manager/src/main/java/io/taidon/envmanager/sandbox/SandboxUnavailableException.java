package io.taidon.envmanager.sandbox;

import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.TaidonProblemException;

/** 503 {@code sandbox-unavailable}: the sandbox's PostgreSQL could not be created, started or reached. */
public class SandboxUnavailableException extends TaidonProblemException {

    /**
     * @param sandboxId the sandbox
     * @param cause what failed (logged, never shown)
     */
    public SandboxUnavailableException(String sandboxId, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "sandbox-unavailable", "Sandbox unavailable",
                "Sandbox '" + sandboxId + "' is not available right now; try again shortly.");
        initCause(cause);
    }
}
