package io.taidon.sqlrunner.client.userprofile;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * user-profile's {@code GET /internal/users/{userId}/quotas} ({@link UserProfileApi}, HTTP service group
 * {@code user-profile}), called with sql-runner's service token and the request id through the {@code user-profile}
 * circuit breaker and retry ({@link DownstreamCalls}; settings under
 * {@code resilience4j.circuitbreaker.instances.user-profile} and {@code resilience4j.retry.instances.user-profile}).
 * A 4xx about the user is passed on with its status ({@link DownstreamRejectedException}; it is an answer, not a
 * failure of user-profile); a 401 or 403 is about sql-runner's own service token, not the learner's, and like any
 * other failure, an open breaker, or an answer without the fields read here, becomes
 * {@link DownstreamUnavailableException} (503): a quota is never assumed.
 */
@Component
public class UserProfileClient {

    private static final String SERVICE = "user-profile";

    private final UserProfileApi api;

    private final DownstreamCalls calls;

    /**
     * @param api user-profile's HTTP interface
     * @param circuitBreakers Resilience4j breakers
     * @param retries Resilience4j retries
     */
    UserProfileClient(UserProfileApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * @param userId the learner
     * @return the learner's effective run quotas
     * @throws DownstreamRejectedException with user-profile's status and problem when it answers 4xx other than 401
     *         and 403
     * @throws DownstreamUnavailableException when user-profile does not answer, fails, refuses sql-runner's token, or
     *         answers without {@code statementTimeoutMs} or {@code runsPerMinute} (503)
     */
    public RunQuotas quotas(String userId) {
        Quotas answer = this.calls.callIdempotent(() -> {
            Quotas quotas = this.api.quotas(userId);
            if (quotas == null || quotas.statementTimeoutMs() == null || quotas.runsPerMinute() == null
                    || quotas.statementTimeoutMs() <= 0 || quotas.runsPerMinute() < 0) {
                // a malformed answer is user-profile's failure: it counts against the breaker
                throw new DownstreamUnavailableException(SERVICE,
                        new IllegalStateException("quotas without a valid statementTimeoutMs or runsPerMinute"));
            }
            return quotas;
        });
        return new RunQuotas(Duration.ofMillis(answer.statementTimeoutMs()), answer.runsPerMinute());
    }

    /**
     * The part of user-profile's {@code QuotasResponse} read here (other fields are ignored). sql-runner's tests
     * call platform-test's {@code QuotaStub}; user-profile's {@code UserProfileIT} holds that stub to the real
     * controller's field names and types.
     *
     * @param statementTimeoutMs longest statement, milliseconds
     * @param runsPerMinute runs per minute
     */
    record Quotas(@Nullable Long statementTimeoutMs, @Nullable Integer runsPerMinute) {
    }
}
