package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/**
 * 429 with kind {@code rate-limited} (the gateway's kind for its own budgets): the user spent what a per-time
 * budget allows. {@link ProblemDetailsAdvice} answers it with {@code Retry-After} in whole seconds
 * (RFC 9110 §10.2.3).
 */
public class RateLimitedException extends TaidonProblemException {

    private final long retryAfterSeconds;

    /**
     * @param detail safe explanation, e.g. which budget is spent
     * @param retryAfterSeconds seconds until the budget allows the request again, at least 1
     */
    public RateLimitedException(String detail, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** @return seconds until the budget allows the request again, at least 1 */
    public long retryAfterSeconds() {
        return this.retryAfterSeconds;
    }
}
