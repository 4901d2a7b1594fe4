package io.taidon.idp.auth;

import java.time.Duration;

import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.TaidonProblemException;

/** 429 {@code too-many-attempts}, answered with {@code Retry-After} in seconds (RFC 9110 §10.2.3). */
public class TooManyAttemptsException extends TaidonProblemException {

    private final Duration retryAfter;

    /**
     * @param retryAfter how long until another attempt may succeed (rounded up to whole seconds, at least 1)
     */
    public TooManyAttemptsException(Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", "Too many attempts",
                "Too many failed sign-ins; try again later.");
        this.retryAfter = retryAfter;
    }

    /** @return whole seconds to wait, at least 1 */
    public long retryAfterSeconds() {
        long seconds = this.retryAfter.toSeconds() + (this.retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
