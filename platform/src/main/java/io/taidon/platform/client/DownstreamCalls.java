package io.taidon.platform.client;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * The one way a {@code client/} wrapper calls another Taidon service: through the Resilience4j circuit breaker of the
 * downstream and, for an idempotent call, its retry (both instances named like the downstream, settings under
 * {@code resilience4j.circuitbreaker.instances.<name>} and {@code resilience4j.retry.instances.<name>}), with the
 * failures mapped to the platform's two answers:
 * <ul>
 * <li>a 4xx other than 401/403/407 is the downstream's answer, not its failure: it neither counts against the breaker
 * nor is retried, and is thrown as {@link DownstreamRejectedException} (the same status and problem); a 4xx
 * {@link TaidonProblemException} the call itself throws (e.g. a verification it does on the answer) is treated the
 * same way;</li>
 * <li>no answer (refused, timed out, unreadable), a 5xx, a 401/403 (this service's own token was refused) or an open
 * breaker is {@link DownstreamUnavailableException} (503); it counts against the breaker, and an open breaker answers
 * at once, without calling. A 5xx {@link TaidonProblemException} the call throws (e.g. an answer without a required
 * field) counts as a failure and is thrown as it is.</li>
 * </ul>
 * The breaker wraps the retry: one call with its retries is one outcome for the breaker, and an open breaker is not
 * retried. Anything else thrown (a bug) is not a downstream's failure and propagates unchanged (500).
 */
public final class DownstreamCalls {

    private final String service;

    private final CircuitBreaker circuitBreaker;

    private final Retry retry;

    /**
     * @param service the downstream's name, shown in the 503's detail, e.g. {@code env-manager}
     * @param circuitBreaker its breaker
     * @param retry its retry, used by the {@code …Idempotent} methods only
     */
    public DownstreamCalls(String service, CircuitBreaker circuitBreaker, Retry retry) {
        this.service = service;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
    }

    /**
     * @param service the downstream's name, also the name of its breaker and retry instances
     * @param circuitBreakers Resilience4j's breaker registry (instances from YAML, else the default config)
     * @param retries Resilience4j's retry registry (instances from YAML, else the default config)
     * @return calls through {@code service}'s breaker and retry
     */
    public static DownstreamCalls of(String service, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        return new DownstreamCalls(service, circuitBreakers.circuitBreaker(service), retries.retry(service));
    }

    /**
     * @param service the downstream's name, shown in the 503's detail
     * @param instance name of the breaker and retry instances, when a service keeps several for one downstream
     * @param circuitBreakers Resilience4j's breaker registry
     * @param retries Resilience4j's retry registry
     * @return calls through the {@code instance} breaker and retry
     */
    public static DownstreamCalls of(String service, String instance, CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries) {
        return new DownstreamCalls(service, circuitBreakers.circuitBreaker(instance), retries.retry(instance));
    }

    /** @return the downstream's name */
    public String service() {
        return this.service;
    }

    /**
     * A call that must not be repeated (it creates something each time): through the breaker only.
     *
     * @param <T> the answer's type
     * @param call the call of the {@code @HttpExchange} interface, with any checks on its answer
     * @return its answer (null when the call answers null)
     * @throws DownstreamRejectedException the downstream's 4xx
     * @throws DownstreamUnavailableException no answer, a 5xx, a refused service token or an open breaker (503)
     */
    public <T extends @Nullable Object> T call(Supplier<T> call) {
        return execute(call, false);
    }

    /**
     * An idempotent call (a read, a PUT, a DELETE, a POST with an idempotency key): through the breaker and the
     * retry.
     *
     * @param <T> the answer's type
     * @param call the call of the {@code @HttpExchange} interface, with any checks on its answer
     * @return its answer (null when the call answers null)
     * @throws DownstreamRejectedException the downstream's 4xx
     * @throws DownstreamUnavailableException no answer, a 5xx, a refused service token or an open breaker (503),
     *         after the retries
     */
    public <T extends @Nullable Object> T callIdempotent(Supplier<T> call) {
        return execute(call, true);
    }

    /**
     * {@link #call(Supplier)} for a call without an answer.
     *
     * @param call the call
     */
    public void run(Runnable call) {
        execute(() -> {
            call.run();
            return null;
        }, false);
    }

    /**
     * {@link #callIdempotent(Supplier)} for a call without an answer.
     *
     * @param call the call
     */
    public void runIdempotent(Runnable call) {
        execute(() -> {
            call.run();
            return null;
        }, true);
    }

    private <T extends @Nullable Object> T execute(Supplier<T> call, boolean idempotent) {
        Supplier<Outcome<T>> attempt = () -> attempt(call);
        if (idempotent) {
            attempt = Retry.decorateSupplier(this.retry, attempt);
        }
        try {
            return this.circuitBreaker.executeSupplier(attempt).answer();
        }
        catch (RestClientException | UncheckedIOException | CallNotPermittedException ex) {
            throw new DownstreamUnavailableException(this.service, ex);
        }
    }

    private <T extends @Nullable Object> Outcome<T> attempt(Supplier<T> call) {
        try {
            return new Outcome<>(call.get(), null);
        }
        catch (RestClientResponseException ex) {
            TaidonProblemException mapped = DownstreamRejectedException.of(this.service, ex);
            if (mapped instanceof DownstreamRejectedException rejected) {
                return new Outcome<>(null, rejected);
            }
            throw ex;
        }
        catch (TaidonProblemException ex) {
            if (ex.status().is4xxClientError()) {
                return new Outcome<>(null, ex);
            }
            throw ex;
        }
    }

    /** An answer, or a refusal that is the downstream's answer rather than its failure. */
    private record Outcome<T extends @Nullable Object>(@Nullable T value, @Nullable TaidonProblemException refusal) {

        T answer() {
            if (this.refusal != null) {
                throw this.refusal;
            }
            return this.value;
        }
    }
}
