package io.taidon.sqlrunner.client.envmanager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import io.github.resilience4j.retry.RetryRegistry;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The env-manager client over real HTTP on loopback: answers, defined 404s, failures and the circuit breaker. */
class EnvManagerClientTests {

    private static EnvManagerClient client(String baseUrl, CircuitBreakerRegistry registry) {
        return client(baseUrl, registry, HttpServiceProxies.noRetries());
    }

    private static EnvManagerClient client(String baseUrl, CircuitBreakerRegistry registry, RetryRegistry retries) {
        return new EnvManagerClient(HttpServiceProxies.of(EnvManagerApi.class, baseUrl), registry, retries);
    }

    @Test
    void shouldMapDefined404sToAnswersAndOtherFailuresTo503() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            int status = exchange.getRequestURI().getPath().endsWith("/reset") ? 404
                    : exchange.getRequestURI().getPath().endsWith("/layers") ? 500 : 404;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            EnvManagerClient client = client("http://127.0.0.1:" + server.getAddress().getPort(),
                    CircuitBreakerRegistry.ofDefaults());
            assertThat(client.baseOf("sbx1", "u_anon_x")).isEmpty();
            assertThat(client.resetToLayer("sbx1", "a".repeat(64))).isFalse();
            assertThatThrownBy(() -> client.layers("sbx1")).isInstanceOf(DownstreamUnavailableException.class)
                .hasMessageContaining("env-manager");
            assertThat(calls.get()).isEqualTo(3);
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void shouldOpenTheCircuitWhenEnvManagerIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .build());
        EnvManagerClient client = client("http://127.0.0.1:" + closedPort, registry);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.defaultSandbox("u_anon_x"))
                .isInstanceOf(DownstreamUnavailableException.class);
        }
        assertThat(registry.circuitBreaker("env-manager").getState().name()).isEqualTo("OPEN");
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
            EnvManagerClient client = client("http://127.0.0.1:" + server.getAddress().getPort(), registry);
            registry.circuitBreaker("env-manager").transitionToOpenState();
            assertThatThrownBy(() -> client.reset("sbx1")).isInstanceOf(DownstreamUnavailableException.class)
                .hasMessageContaining("env-manager");
            assertThatThrownBy(() -> client.captureNamed("sbx1", "u_anon_x", null, null))
                .isInstanceOf(DownstreamUnavailableException.class);
            assertThat(calls.get()).isZero();
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void shouldRetryAnIdempotentCallButNotANamedCapture() throws IOException {
        AtomicInteger resets = new AtomicInteger();
        AtomicInteger captures = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            (exchange.getRequestURI().getPath().endsWith("/reset") ? resets : captures).incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            EnvManagerClient client = client("http://127.0.0.1:" + server.getAddress().getPort(),
                    CircuitBreakerRegistry.ofDefaults(), HttpServiceProxies.retries(3));
            assertThatThrownBy(() -> client.reset("sbx1")).isInstanceOf(DownstreamUnavailableException.class);
            assertThatThrownBy(() -> client.captureNamed("sbx1", "u_anon_x", "mine", null))
                .isInstanceOf(DownstreamUnavailableException.class);
            assertThat(resets.get()).isEqualTo(3);
            assertThat(captures.get()).isEqualTo(1);
        }
        finally {
            server.stop(0);
        }
    }
}
