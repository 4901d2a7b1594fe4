package io.taidon.profile.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.taidon.platform.test.HttpServiceProxies;
import io.taidon.profile.config.UserProfileProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage calls over real HTTP on loopback: answers, and UNKNOWN for a failure, the deadline or an open breaker. */
class UsageClientTests {

    private HttpServer server;

    private volatile int status = 200;

    private final CountDownLatch release = new CountDownLatch(1);

    private volatile boolean hang;

    private final AtomicInteger calls = new AtomicInteger();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private UsageClient client;

    @BeforeEach
    void startDownstreams() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server.createContext("/", exchange -> {
            this.calls.incrementAndGet();
            if (this.hang) {
                try {
                    this.release.await(5, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            String body = exchange.getRequestURI().getPath().startsWith("/env-manager/") ? "{\"sandboxes\":2}"
                    : "{\"namedSnapshots\":4,\"storedBytes\":123}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(this.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        String base = "http://127.0.0.1:" + this.server.getAddress().getPort();
        UserProfileProperties.Quotas quotas = new UserProfileProperties.Quotas(1, 1, DataSize.ofMegabytes(1), 0.5,
                DataSize.ofMegabytes(256), Duration.ofSeconds(10), 30);
        this.client = new UsageClient(HttpServiceProxies.of(EnvManagerApi.class, base + "/env-manager"),
                HttpServiceProxies.of(SnapshotCacheApi.class, base + "/snapshot-cache"),
                new UserProfileProperties(quotas, quotas, Duration.ofSeconds(2)), this.registry,
                HttpServiceProxies.noRetries());
    }

    @AfterEach
    void stopDownstreams() {
        this.release.countDown();
        this.client.close();
        this.server.stop(0);
    }

    @Test
    void shouldReadBothUsagesWhenTheDownstreamsAnswer() {
        assertThat(this.client.sandboxes("u_anon_x").join()).isEqualTo(new SandboxUsage(2L));
        assertThat(this.client.snapshots("u_anon_x").join()).isEqualTo(new SnapshotUsage(4L, 123L));
    }

    @Test
    void shouldAnswerUnknownWhenADownstreamFailsOrMissesTheDeadline() {
        this.status = 500;
        assertThat(this.client.sandboxes("u_anon_x").join()).isEqualTo(SandboxUsage.UNKNOWN);

        this.status = 200;
        this.hang = true;
        assertThat(this.client.snapshots("u_anon_x").join()).isEqualTo(SnapshotUsage.UNKNOWN);
    }

    @Test
    void shouldAnswerUnknownWithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("env-manager-usage").transitionToOpenState();
        this.registry.circuitBreaker("snapshot-cache-usage").transitionToOpenState();

        assertThat(this.client.sandboxes("u_anon_x").join()).isEqualTo(SandboxUsage.UNKNOWN);
        assertThat(this.client.snapshots("u_anon_x").join()).isEqualTo(SnapshotUsage.UNKNOWN);
        assertThat(this.calls.get()).isZero();
    }
}
