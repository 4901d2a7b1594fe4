package io.taidon.profile.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import jakarta.annotation.PreDestroy;
import io.github.resilience4j.timelimiter.annotation.TimeLimiter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.web.RequestIds;
import io.taidon.profile.config.UserProfileProperties;

/**
 * Asks env-manager and snapshot-cache how much a user holds ({@code GET /internal/users/{userId}/usage}, service
 * token). Each call has a deadline (Resilience4j {@code @TimeLimiter}, instances {@code env-manager-usage} and
 * {@code snapshot-cache-usage}, plus the same read timeout on the HTTP client) and a circuit breaker of the same
 * name; any failure, timeout or open breaker yields the {@code UNKNOWN} usage (null fields), never an error.
 * Both calls run concurrently on virtual threads.
 */
@Component
public class UsageClient {

    private static final Logger log = LoggerFactory.getLogger(UsageClient.class);

    private final RestClient envManager;

    private final RestClient snapshotCache;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    UsageClient(ServiceRestClients clients, UserProfileProperties properties) {
        HttpClientSettings settings = HttpClientSettings.defaults()
            .withConnectTimeout(properties.usageTimeout())
            .withReadTimeout(properties.usageTimeout());
        this.envManager = clients.forService("env-manager")
            .mutate()
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .build();
        this.snapshotCache = clients.forService("snapshot-cache")
            .mutate()
            .requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
            .build();
    }

    /**
     * @param userId the user
     * @return its sandbox count, or {@link SandboxUsage#UNKNOWN}
     */
    @TimeLimiter(name = "env-manager-usage", fallbackMethod = "sandboxesUnknown")
    @CircuitBreaker(name = "env-manager-usage", fallbackMethod = "sandboxesUnknown")
    public CompletableFuture<SandboxUsage> sandboxes(String userId) {
        String requestId = RequestIds.current();
        return CompletableFuture.supplyAsync(() -> withRequestId(requestId, () -> this.envManager.get()
            .uri("/internal/users/{userId}/usage", userId)
            .retrieve()
            .body(SandboxUsage.class)), this.executor).thenApply(usage -> usage == null ? SandboxUsage.UNKNOWN : usage);
    }

    /**
     * @param userId the user
     * @return its named snapshots and stored bytes, or {@link SnapshotUsage#UNKNOWN}
     */
    @TimeLimiter(name = "snapshot-cache-usage", fallbackMethod = "snapshotsUnknown")
    @CircuitBreaker(name = "snapshot-cache-usage", fallbackMethod = "snapshotsUnknown")
    public CompletableFuture<SnapshotUsage> snapshots(String userId) {
        String requestId = RequestIds.current();
        return CompletableFuture.supplyAsync(() -> withRequestId(requestId, () -> this.snapshotCache.get()
            .uri("/internal/users/{userId}/usage", userId)
            .retrieve()
            .body(SnapshotUsage.class)), this.executor)
            .thenApply(usage -> usage == null ? SnapshotUsage.UNKNOWN : usage);
    }

    @PreDestroy
    void close() {
        this.executor.shutdownNow();
    }

    CompletableFuture<SandboxUsage> sandboxesUnknown(String userId, Throwable cause) {
        log.warn("sandbox usage of {} unknown: {}", userId, cause.toString());
        return CompletableFuture.completedFuture(SandboxUsage.UNKNOWN);
    }

    CompletableFuture<SnapshotUsage> snapshotsUnknown(String userId, Throwable cause) {
        log.warn("snapshot usage of {} unknown: {}", userId, cause.toString());
        return CompletableFuture.completedFuture(SnapshotUsage.UNKNOWN);
    }

    private static <T> T withRequestId(@Nullable String requestId,
            Supplier<T> call) {
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
