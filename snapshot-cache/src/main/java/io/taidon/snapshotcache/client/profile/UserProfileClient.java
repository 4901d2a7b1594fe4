package io.taidon.snapshotcache.client.profile;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.QuotaExceededException;

/**
 * Asks user-profile whether a user may store more ({@code POST /internal/users/{userId}/quota-checks};
 * {@link UserProfileApi}, HTTP service group {@code user-profile}) through the {@code user-profile} circuit breaker
 * and retry ({@link DownstreamCalls}; a check changes nothing, so it is retried). Fails closed: when user-profile
 * cannot answer, nothing is stored (503) rather than a quota being skipped.
 */
@Component
public class UserProfileClient {

    /** Quota resource: number of named snapshots. */
    public static final String NAMED_SNAPSHOTS = "named-snapshots";

    /** Quota resource: compressed bytes of the user's own snapshots. */
    public static final String SNAPSHOT_STORAGE_BYTES = "snapshot-storage-bytes";

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
     * @param userId the user
     * @param resource {@link #NAMED_SNAPSHOTS} or {@link #SNAPSHOT_STORAGE_BYTES}
     * @param current what the user holds now (count or bytes)
     * @param amount what the new snapshot adds
     * @throws QuotaExceededException (403) when the quota does not allow it
     * @throws DownstreamRejectedException when user-profile refuses the check (its 4xx)
     * @throws DownstreamUnavailableException (503) when user-profile does not answer or answers nothing
     */
    public void requireRoom(String userId, String resource, long current, long amount) {
        QuotaCheckResponse answer = this.calls.callIdempotent(() -> {
            QuotaCheckResponse check = this.api.checkQuota(userId, new QuotaCheckRequest(resource, current, amount));
            if (check == null) {
                throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("empty answer"));
            }
            return check;
        });
        if (!answer.allowed()) {
            throw new QuotaExceededException(resource.replace('-', ' '), answer.limit() == null ? 0 : answer.limit());
        }
    }

    record QuotaCheckRequest(String resource, long current, long amount) {
    }

    record QuotaCheckResponse(boolean allowed, @Nullable Long limit) {
    }
}
