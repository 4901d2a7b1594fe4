package io.taidon.profile.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import io.taidon.platform.client.DownstreamCalls;
import io.taidon.platform.web.RequestIds;
import io.taidon.profile.config.UserProfileProperties;

/**
 * Asks env-manager and snapshot-cache how much a user holds ({@code GET /internal/users/{userId}/usage}, service
 * token; {@link EnvManagerApi} and {@link SnapshotCacheApi}, HTTP service groups {@code env-manager} and
 * {@code snapshot-cache}). Each call goes through a circuit breaker ({@link DownstreamCalls}, instances
 * {@code env-manager-usage} and {@code snapshot-cache-usage}) and has a deadline,
 * {@code taidon.user-profile.usage-timeout} (the same as the groups' read timeout); it is not retried, as the deadline
 * leaves no room. Any failure, the deadline or an open breaker yields the {@code UNKNOWN} usage (null fields), never
 * an error. Both calls run concurrently on virtual threads.
 */
@Component
public class UsageClient {

    private static final Logger log = LoggerFactory.getLogger(UsageClient.class);

    private final EnvManagerApi envManager;

    private final SnapshotCacheApi snapshotCache;

    private final DownstreamCalls envManagerCalls;

    private final DownstreamCalls snapshotCacheCalls;

    private final Duration deadline;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    UsageClient(EnvManagerApi envManager, SnapshotCacheApi snapshotCache, UserProfileProperties properties,
            CircuitBreakerRegistry circuitBreakers, RetryRegistry retries) {
        this.envManager = envManager;
        this.snapshotCache = snapshotCache;
        this.envManagerCalls = DownstreamCalls.of("env-manager", "env-manager-usage", circuitBreakers, retries);
        this.snapshotCacheCalls = DownstreamCalls.of("snapshot-cache", "snapshot-cache-usage", circuitBreakers,
                retries);
        this.deadline = properties.usageTimeout();
    }

    /**
     * @param userId the user
     * @return its sandbox count, or {@link SandboxUsage#UNKNOWN}
     */
    public CompletableFuture<SandboxUsage> sandboxes(String userId) {
        return withDeadline(() -> this.envManagerCalls.call(() -> this.envManager.usage(userId)))
            .thenApply(usage -> usage == null ? SandboxUsage.UNKNOWN : usage)
            .exceptionally(cause -> {
                log.warn("sandbox usage of {} unknown: {}", userId, cause.toString());
                return SandboxUsage.UNKNOWN;
            });
    }

    /**
     * @param userId the user
     * @return its named snapshots and stored bytes, or {@link SnapshotUsage#UNKNOWN}
     */
    public CompletableFuture<SnapshotUsage> snapshots(String userId) {
        return withDeadline(() -> this.snapshotCacheCalls.call(() -> this.snapshotCache.usage(userId)))
            .thenApply(usage -> usage == null ? SnapshotUsage.UNKNOWN : usage)
            .exceptionally(cause -> {
                log.warn("snapshot usage of {} unknown: {}", userId, cause.toString());
                return SnapshotUsage.UNKNOWN;
            });
    }

    @PreDestroy
    void close() {
        this.executor.shutdownNow();
    }

    /** Runs the call on a virtual thread with the caller's request id; the future fails past the deadline. */
    private <T extends @Nullable Object> CompletableFuture<T> withDeadline(Supplier<T> call) {
        String requestId = RequestIds.current();
        return CompletableFuture.supplyAsync(() -> withRequestId(requestId, call), this.executor)
            .orTimeout(this.deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T extends @Nullable Object> T withRequestId(@Nullable String requestId, Supplier<T> call) {
        if (requestId == null) {
            return call.get();
        }
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            return call.get();
        }
        finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
