package io.taidon.profile.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.util.DefaultUriBuilderFactory;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;

/**
 * Calls {@code DELETE /internal/users/{userId}} on another service ({@link ErasureApi}, HTTP service group
 * {@code erasure}, the callee's base URL from {@code taidon.service-client.services}) with user-profile's service
 * token, through the {@code erasure} circuit breaker and retry ({@link DownstreamCalls}; attempts and back-off in
 * YAML; erasing is idempotent). When every attempt fails, or the breaker is open, the call ends in
 * {@link DownstreamUnavailableException} (503), so the learner can retry the erasure. A 4xx is a fault between
 * services here (the endpoint erases any user id), so it is a 503 as well, not the learner's to fix.
 */
@Component
public class ErasureClient {

    private static final String INSTANCE = "erasure";

    private final ErasureApi api;

    private final ServiceClientProperties services;

    private final CircuitBreakerRegistry circuitBreakers;

    private final RetryRegistry retries;

    ErasureClient(ErasureApi api, ServiceClientProperties services, CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries) {
        this.api = api;
        this.services = services;
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
    }

    /**
     * @param service the service to call, e.g. {@code env-manager}
     * @param userId the user to erase there
     * @throws DownstreamUnavailableException when the service did not answer 2xx after all retries
     */
    public void erase(String service, String userId) {
        DefaultUriBuilderFactory baseUrl = new DefaultUriBuilderFactory(this.services.baseUrl(service));
        try {
            DownstreamCalls.of(service, INSTANCE, this.circuitBreakers, this.retries)
                .runIdempotent(() -> this.api.erase(baseUrl, userId));
        }
        catch (DownstreamRejectedException ex) {
            throw new DownstreamUnavailableException(service, ex);
        }
    }
}
