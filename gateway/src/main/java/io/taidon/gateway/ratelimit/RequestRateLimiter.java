package io.taidon.gateway.ratelimit;

import java.util.concurrent.TimeUnit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.taidon.gateway.config.GatewayProperties;
import io.taidon.platform.problem.Problems;

/**
 * Spends one token of the caller's budget per request: per user ({@code sub} of the validated token) on the
 * authenticated routes, per client address on the public ones. An empty bucket answers 429 with
 * {@code Retry-After} in whole seconds (RFC 9110 §10.2.3) and counts {@value #METRIC}. If the database cannot be
 * reached the request passes (the budget is a guard against abuse, not a reason to take the API down) and the
 * failure is logged.
 */
public final class RequestRateLimiter {

    /** Counter of refused requests, tagged {@code scope} ({@code user}, {@code address}) and {@code route}. */
    public static final String METRIC = "taidon.gateway.rate.limited";

    private static final Logger log = LoggerFactory.getLogger(RequestRateLimiter.class);

    private final ProxyManager<String> buckets;

    private final BucketConfiguration perUser;

    private final BucketConfiguration perAddress;

    private final MeterRegistry meters;

    /**
     * @param buckets where the buckets live
     * @param limits the budgets
     * @param meters registry for {@value #METRIC}
     */
    public RequestRateLimiter(ProxyManager<String> buckets, GatewayProperties.RateLimit limits, MeterRegistry meters) {
        this.buckets = buckets;
        this.perUser = RateLimitBuckets.budget(limits.perUser(), limits.window());
        this.perAddress = RateLimitBuckets.budget(limits.perAddress(), limits.window());
        this.meters = meters;
    }

    /**
     * @param route route name for the metric
     * @return a filter spending from the authenticated user's bucket (key {@code user:<sub>})
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> perUser(String route) {
        return (request, next) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            String key = authentication instanceof JwtAuthenticationToken jwt ? "user:" + jwt.getName()
                    : addressKey(request.servletRequest().getRemoteAddr());
            long retryAfter = spend(key, key.startsWith("user:") ? this.perUser : this.perAddress);
            return retryAfter > 0 ? refuse(route, "user", retryAfter) : next.handle(request);
        };
    }

    /**
     * @param route route name for the metric
     * @return a filter spending from the client address's bucket (key {@code addr:<ip>})
     */
    public HandlerFilterFunction<ServerResponse, ServerResponse> perAddress(String route) {
        return (request, next) -> {
            long retryAfter = spend(addressKey(request.servletRequest().getRemoteAddr()), this.perAddress);
            return retryAfter > 0 ? refuse(route, "address", retryAfter) : next.handle(request);
        };
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }

    /** @return 0 if a token was spent, else the seconds until the bucket has one again (at least 1) */
    private long spend(String key, BucketConfiguration configuration) {
        ConsumptionProbe probe;
        try {
            probe = this.buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        }
        catch (RuntimeException ex) {
            log.warn("rate-limit store unavailable, letting the request pass", ex);
            return 0;
        }
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    }

    private ServerResponse refuse(String route, String scope, long retryAfterSeconds) {
        Counter.builder(METRIC)
            .description("Requests the gateway refused because a rate limit was reached")
            .tag("scope", scope)
            .tag("route", route)
            .register(this.meters)
            .increment();
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "The request budget is spent; try again in " + retryAfterSeconds + " seconds.");
        return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
            .header("Retry-After", Long.toString(retryAfterSeconds))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(problem);
    }
}
