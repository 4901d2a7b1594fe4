package io.taidon.sqlrunner.client.envmanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot calls to env-manager over real HTTP on loopback: the request, a 4xx passed on, the breaker. */
class SandboxSnapshotClientTests {

    private HttpServer server;

    private volatile int status = 202;

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private SandboxSnapshotClient client;

    @BeforeEach
    void startEnvManager() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] body = ("{\"type\":\"https://taidon.io/problems/not-found\",\"title\":\"Not found\",\"status\":"
                    + this.status + ",\"detail\":\"No snapshot with id 'snp1'.\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(this.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.start();
        this.client = new SandboxSnapshotClient(HttpServiceProxies.of(EnvManagerApi.class,
                "http://127.0.0.1:" + this.server.getAddress().getPort()), this.registry,
                HttpServiceProxies.noRetries());
    }

    @AfterEach
    void stopEnvManager() {
        this.server.stop(0);
    }

    @Test
    void shouldAskForABackgroundChainCaptureKeyedByTheChainHash() {
        this.client.captureChain("sbx1", "a".repeat(64), "{}");

        assertThat(this.requests).singleElement().satisfies(request -> assertThat(request)
            .startsWith("POST /internal/sandboxes/sbx1/snapshots ")
            .contains("\"idempotencyKey\":\"chain-" + "a".repeat(64) + "\"")
            .contains("\"background\":true"));
    }

    @Test
    void shouldPassOnA404WhenEnvManagerDoesNotKnowTheSnapshot() {
        this.status = 404;

        assertThatThrownBy(() -> this.client.restore("sbx1", "snp1"))
            .isInstanceOfSatisfying(DownstreamRejectedException.class,
                    ex -> assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("env-manager").transitionToOpenState();

        assertThatThrownBy(() -> this.client.restore("sbx1", "snp1"))
            .isInstanceOf(DownstreamUnavailableException.class);
        assertThatThrownBy(() -> this.client.captureChain("sbx1", "a".repeat(64), "{}"))
            .isInstanceOf(DownstreamUnavailableException.class);
        assertThat(this.requests).isEmpty();
    }
}
