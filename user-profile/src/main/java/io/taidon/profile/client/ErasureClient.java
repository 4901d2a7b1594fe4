package io.taidon.profile.client;

import io.github.resilience4j.retry.annotation.Retry;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * Calls {@code DELETE /internal/users/{userId}} on another service with user-profile's service token, retried by
 * Resilience4j (instance {@code erasure}: attempts and back-off in YAML). When every attempt fails the call ends in
 * {@link DownstreamUnavailableException} (503), so the learner can retry the erasure.
 */
@Component
public class ErasureClient {

    private final ServiceRestClients clients;

    ErasureClient(ServiceRestClients clients) {
        this.clients = clients;
    }

    /**
     * @param service the service to call, e.g. {@code env-manager}
     * @param userId the user to erase there
     * @throws DownstreamUnavailableException when the service did not answer 2xx after all retries
     */
    @Retry(name = "erasure", fallbackMethod = "unavailable")
    public void erase(String service, String userId) {
        this.clients.forService(service).delete().uri("/internal/users/{userId}", userId).retrieve().toBodilessEntity();
    }

    void unavailable(String service, String userId, Throwable cause) {
        throw new DownstreamUnavailableException(service, cause);
    }
}
