package io.taidon.sqlrunner.client.userprofile;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.Problems;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * user-profile's {@code GET /internal/users/{userId}/quotas}, called with sql-runner's service token and the request
 * id through the {@code user-profile} circuit breaker (Resilience4j, settings under
 * {@code resilience4j.circuitbreaker.instances.user-profile}; a 4xx is an answer, not a failure of user-profile).
 * A 4xx about the user is passed on with its status; a 401 or 403 is about sql-runner's own service token, not the
 * learner's, and like any other failure, or an answer without the fields read here, becomes
 * {@link DownstreamUnavailableException} (503): a quota is never assumed.
 */
@Component
public class UserProfileClient {

    private static final String SERVICE = "user-profile";

    private final RestClient client;

    private final CircuitBreaker circuitBreaker;

    /**
     * @param clients REST clients for Taidon services
     * @param circuitBreakers Resilience4j registry
     */
    public UserProfileClient(ServiceRestClients clients, CircuitBreakerRegistry circuitBreakers) {
        this.client = clients.forService(SERVICE);
        this.circuitBreaker = circuitBreakers.circuitBreaker(SERVICE);
    }

    /**
     * @param userId the learner
     * @return the learner's effective run quotas
     * @throws TaidonProblemException with user-profile's status when it answers 4xx other than 401 and 403
     * @throws DownstreamUnavailableException when user-profile does not answer, fails, refuses sql-runner's token, or
     *         answers without
     *         {@code statementTimeoutMs} or {@code runsPerMinute} (503)
     */
    public RunQuotas quotas(String userId) {
        Quotas answer;
        try {
            answer = this.circuitBreaker.executeSupplier(() -> this.client.get()
                .uri("/internal/users/{userId}/quotas", userId)
                .retrieve()
                .body(Quotas.class));
        }
        catch (HttpClientErrorException.Unauthorized | HttpClientErrorException.Forbidden ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
        catch (HttpClientErrorException ex) {
            HttpStatus status = HttpStatus.valueOf(ex.getStatusCode().value());
            throw new TaidonProblemException(status, Problems.kindFor(status), status.getReasonPhrase(),
                    "user-profile refused the quota lookup for this user (" + status.value() + ").");
        }
        catch (RestClientException | CallNotPermittedException ex) {
            throw new DownstreamUnavailableException(SERVICE, ex);
        }
        if (answer == null || answer.statementTimeoutMs() == null || answer.runsPerMinute() == null
                || answer.statementTimeoutMs() <= 0 || answer.runsPerMinute() < 0) {
            throw new DownstreamUnavailableException(SERVICE,
                    new IllegalStateException("quotas without a valid statementTimeoutMs or runsPerMinute"));
        }
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
