package io.taidon.gateway.route;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.taidon.gateway.web.BodySizeLimitFilter;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * Guards each proxied call with a deadline and the service's Resilience4j circuit breaker (named after the service,
 * configured under {@code resilience4j.circuitbreaker.instances.<service>}).
 * <ul>
 * <li>open breaker or a refused connection → 503 {@code service-unavailable}, at once;</li>
 * <li>no response headers within the deadline → 504 {@code gateway-timeout}; the call is cancelled;</li>
 * <li>a 5xx from the service is passed through unchanged and counts as a failure for the breaker;</li>
 * <li>a streamed request body over the cap → 413 {@code payload-too-large}.</li>
 * </ul>
 * The call runs on a virtual thread so that the request thread can stop waiting when the deadline passes.
 */
public final class RouteResilience implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RouteResilience.class);

    private final CircuitBreakerRegistry breakers;

    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param breakers Resilience4j's registry (Boot auto-configuration, YAML settings)
     */
    public RouteResilience(CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
    }

    /**
     * @param service the service behind the route (breaker name, used in problem details)
     * @param deadline longest wait for the service's response headers
     * @return the filter
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> guard(String service, Duration deadline) {
        return (request, next) -> {
            CircuitBreaker breaker = this.breakers.circuitBreaker(service);
            if (!breaker.tryAcquirePermission()) {
                return problem(new DownstreamUnavailableException(service, new IllegalStateException("circuit open")));
            }
            long start = breaker.getCurrentTimestamp();
            Future<ServerResponse> call = this.calls.submit(() -> next.handle(request));
            try {
                ServerResponse response = call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
                long elapsed = breaker.getCurrentTimestamp() - start;
                if (response.statusCode().is5xxServerError()) {
                    breaker.onError(elapsed, breaker.getTimestampUnit(),
                            new IllegalStateException(service + " answered " + response.statusCode().value()));
                }
                else {
                    breaker.onSuccess(elapsed, breaker.getTimestampUnit());
                }
                return response;
            }
            catch (TimeoutException ex) {
                call.cancel(true);
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), ex);
                log.warn("{} did not answer within {}", service, deadline);
                return problem(new TaidonProblemException(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout",
                        "Gateway timeout", "A Taidon service (" + service + ") did not answer in time; try again "
                                + "shortly."));
            }
            catch (InterruptedException ex) {
                call.cancel(true);
                breaker.releasePermission();
                Thread.currentThread().interrupt();
                return problem(new DownstreamUnavailableException(service, ex));
            }
            catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                BodySizeLimitFilter.PayloadTooLargeException tooLarge = find(cause);
                if (tooLarge != null) {
                    breaker.releasePermission();
                    return ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .body(BodySizeLimitFilter.tooLarge(tooLarge.maxBytes()));
                }
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), cause);
                return problem(new DownstreamUnavailableException(service, cause));
            }
        };
    }

    private static BodySizeLimitFilter.@Nullable PayloadTooLargeException find(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private static ServerResponse problem(TaidonProblemException ex) {
        if (ex.getCause() != null) {
            log.warn("{}: {}", ex.kind(), ex.getCause().toString());
        }
        ProblemDetail problem = ex.toProblemDetail();
        return ServerResponse.status(ex.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Stops the executor of in-flight calls. */
    @Override
    public void close() {
        this.calls.shutdownNow();
    }
}
