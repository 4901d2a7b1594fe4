package io.taidon.envmanager.client.profile;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * Quota checks ({@code POST /internal/users/{userId}/quota-checks}) and per-sandbox quotas
 * ({@code GET /internal/users/{userId}/quotas}) at user-profile with this service's token, a retry and a circuit
 * breaker (instance {@code user-profile}). Any failure becomes {@link DownstreamUnavailableException} (503): a quota
 * is never assumed.
 */
@Component
public class UserProfileClient {

    static final String SERVICE = "user-profile";

    private final RestClient client;

    UserProfileClient(ServiceRestClients clients) {
        this.client = clients.forService(SERVICE);
    }

    /**
     * @param userId the user
     * @param resource the quota, e.g. {@code sandboxes}
     * @param current how many the user has now
     * @return whether one more is allowed, and the limit
     * @throws DownstreamUnavailableException when user-profile does not answer
     */
    @Retry(name = SERVICE)
    @CircuitBreaker(name = SERVICE, fallbackMethod = "unavailable")
    public QuotaCheck checkQuota(String userId, String resource, long current) {
        QuotaCheck answer = this.client.post()
            .uri("/internal/users/{userId}/quota-checks", userId)
            .body(new QuotaCheckRequest(resource, current))
            .retrieve()
            .body(QuotaCheck.class);
        if (answer == null) {
            throw new IllegalStateException("empty quota-check answer");
        }
        return answer;
    }

    QuotaCheck unavailable(String userId, String resource, long current, Throwable cause) {
        throw new DownstreamUnavailableException(SERVICE, cause);
    }

    /**
     * The resources one sandbox of the user may use.
     *
     * @param userId the user
     * @return the user's effective {@code sandboxCpus} and {@code sandboxMemoryBytes}
     * @throws DownstreamUnavailableException when user-profile does not answer or answers without them
     */
    @Retry(name = SERVICE)
    @CircuitBreaker(name = SERVICE, fallbackMethod = "quotasUnavailable")
    public SandboxSpec.Resources sandboxResources(String userId) {
        Quotas answer = this.client.get()
            .uri("/internal/users/{userId}/quotas", userId)
            .retrieve()
            .body(Quotas.class);
        if (answer == null || answer.sandboxCpus() == null || answer.sandboxMemoryBytes() == null) {
            throw new IllegalStateException("quotas without sandboxCpus or sandboxMemoryBytes");
        }
        return new SandboxSpec.Resources(answer.sandboxCpus(), answer.sandboxMemoryBytes());
    }

    SandboxSpec.Resources quotasUnavailable(String userId, Throwable cause) {
        throw new DownstreamUnavailableException(SERVICE, cause);
    }

    /**
     * Whether a user is still anonymous: a visitor who registered keeps its {@code u_anon_} id, so the id alone does
     * not tell. When user-profile cannot tell (down, refused), the answer is false: nothing is expired on a guess.
     *
     * @param userId the user
     * @return true only when user-profile answers {@code anonymous}
     */
    @Retry(name = SERVICE)
    @CircuitBreaker(name = SERVICE, fallbackMethod = "kindUnavailable")
    public boolean stillAnonymous(String userId) {
        Kind answer = this.client.get()
            .uri("/internal/users/{userId}/kind", userId)
            .retrieve()
            .body(Kind.class);
        return answer != null && "anonymous".equals(answer.kind());
    }

    boolean kindUnavailable(String userId, Throwable cause) {
        return false;
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
