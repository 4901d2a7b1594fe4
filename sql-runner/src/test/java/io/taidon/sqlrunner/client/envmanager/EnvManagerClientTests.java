package io.taidon.sqlrunner.client.envmanager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.client.ServiceTokenInterceptor;
import io.taidon.platform.problem.DownstreamUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The env-manager client over real HTTP on loopback: answers, defined 404s, failures and the circuit breaker. */
class EnvManagerClientTests {

    private static EnvManagerClient client(String baseUrl, CircuitBreakerRegistry registry) {
        ServiceClientProperties properties = new ServiceClientProperties("sql-runner", null,
                "http://127.0.0.1:1/oauth2/token", Duration.ofSeconds(1), Duration.ofSeconds(2),
                Map.of("env-manager", baseUrl));
        return new EnvManagerClient(
                new ServiceRestClients(RestClient.builder(), properties, new ServiceTokenInterceptor(properties)),
                registry);
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
}
