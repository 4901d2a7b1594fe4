package io.taidon.envmanager.client.profile;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * Quota checks ({@code POST /internal/users/{userId}/quota-checks}), per-sandbox quotas
 * ({@code GET /internal/users/{userId}/quotas}) and the user's kind ({@code GET /internal/users/{userId}/kind}) at
 * user-profile ({@link UserProfileApi}, HTTP service group {@code user-profile}) with this service's token, through the
 * {@code user-profile} circuit breaker and retry ({@link DownstreamCalls}; all three only read). A 4xx is passed on
 * ({@link DownstreamRejectedException}); any other failure, an open breaker or an answer without the fields read here
 * becomes {@link DownstreamUnavailableException} (503): a quota is never assumed.
 */
@Component
public class UserProfileClient {

    static final String SERVICE = "user-profile";

    private static final Logger log = LoggerFactory.getLogger(UserProfileClient.class);

    private final UserProfileApi api;

    private final DownstreamCalls calls;

    UserProfileClient(UserProfileApi api, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.api = api;
        this.calls = DownstreamCalls.of(SERVICE, circuitBreakers, retries);
    }

    /**
     * @param userId the user
     * @param resource the quota, e.g. {@code sandboxes}
     * @param current how many the user has now
     * @return whether one more is allowed, and the limit
     * @throws DownstreamRejectedException when user-profile refuses the check (its 4xx)
     * @throws DownstreamUnavailableException when user-profile does not answer
     */
    public QuotaCheck checkQuota(String userId, String resource, long current) {
        return this.calls.callIdempotent(() -> {
            QuotaCheck answer = this.api.checkQuota(userId, new QuotaCheckRequest(resource, current));
            if (answer == null) {
                throw new DownstreamUnavailableException(SERVICE, new IllegalStateException("empty quota-check answer"));
            }
            return answer;
        });
    }

    /**
     * The resources one sandbox of the user may use.
     *
     * @param userId the user
     * @return the user's effective {@code sandboxCpus} and {@code sandboxMemoryBytes}
     * @throws DownstreamRejectedException when user-profile refuses the lookup (its 4xx)
     * @throws DownstreamUnavailableException when user-profile does not answer or answers without them
     */
    public SandboxSpec.Resources sandboxResources(String userId) {
        Quotas answer = this.calls.callIdempotent(() -> {
            Quotas quotas = this.api.quotas(userId);
            if (quotas == null || quotas.sandboxCpus() == null || quotas.sandboxMemoryBytes() == null) {
                throw new DownstreamUnavailableException(SERVICE,
                        new IllegalStateException("quotas without sandboxCpus or sandboxMemoryBytes"));
            }
            return quotas;
        });
        return new SandboxSpec.Resources(answer.sandboxCpus(), answer.sandboxMemoryBytes());
    }

    /**
     * Whether a user is still anonymous: a visitor who registered keeps its {@code u_anon_} id, so the id alone does
     * not tell. When user-profile cannot tell (down, refused, breaker open), the answer is false: nothing is expired
     * on a guess.
     *
     * @param userId the user
     * @return true only when user-profile answers {@code anonymous}
     */
    public boolean stillAnonymous(String userId) {
        try {
            Kind answer = this.calls.callIdempotent(() -> this.api.kind(userId));
            return answer != null && "anonymous".equals(answer.kind());
        }
        catch (TaidonProblemException ex) {
            log.debug("kind of {} unknown, kept: {}", userId, ex.getMessage());
            return false;
        }
    }

    /** @param kind {@code anonymous} or {@code registered} */
    record Kind(@Nullable String kind) {
    }

    /**
     * The part of user-profile's quotas env-manager uses (other fields are ignored).
     *
     * @param sandboxCpus CPUs per sandbox
     * @param sandboxMemoryBytes memory per sandbox, bytes
     */
    record Quotas(@Nullable Double sandboxCpus, @Nullable Long sandboxMemoryBytes) {
    }

    /**
     * @param resource quota name
     * @param current the user's current count
     */
    record QuotaCheckRequest(String resource, long current) {
    }

    /**
     * user-profile's answer.
     *
     * @param allowed whether one more is allowed
     * @param limit the user's limit
     */
    public record QuotaCheck(boolean allowed, long limit) {
    }
}
