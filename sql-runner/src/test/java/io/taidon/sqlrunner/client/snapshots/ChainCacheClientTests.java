package io.taidon.sqlrunner.client.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How the chain-cache client maps snapshot-cache's error answers, over real HTTP on loopback. */
class ChainCacheClientTests {

    private HttpServer server;

    private volatile int status;

    private final AtomicInteger calls = new AtomicInteger();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private ChainCacheClient client;

    @BeforeEach
    void startSnapshotCache() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            this.calls.incrementAndGet();
            byte[] body = ("{\"type\":\"https://taidon.io/problems/invalid-chain-hash\",\"title\":\"Invalid chain hash\","
                    + "\"status\":" + this.status + ",\"detail\":\"chainHashes must be 64 hex digits.\"}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(this.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.start();
        this.client = new ChainCacheClient(HttpServiceProxies.of(ChainCacheApi.class,
                "http://127.0.0.1:" + this.server.getAddress().getPort()), this.registry,
                HttpServiceProxies.noRetries());
    }

    @AfterEach
    void stopSnapshotCache() {
        this.server.stop(0);
    }

    @Test
    void shouldPassOnA400WhenSnapshotCacheRefusesTheLookup() {
        this.status = 400;

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.lookup(List.of("not-a-hash")));

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.kind()).isEqualTo("invalid-chain-hash");
    }

    @Test
    void shouldAnswer503WhenSnapshotCacheFails() {
        this.status = 502;

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.lookup(List.of("a".repeat(64))));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void shouldAnswerNoLeaseWhenAnotherBuildHoldsIt() {
        this.status = 423;

        assertThat(this.client.acquireBuild("a".repeat(64))).isEmpty();
        assertThat(this.registry.circuitBreaker("snapshot-cache").getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("snapshot-cache").transitionToOpenState();

        assertThatThrownBy(() -> this.client.lookup(List.of("a".repeat(64))))
            .isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("snapshot-cache");
        assertThat(this.calls.get()).isZero();
    }
}
