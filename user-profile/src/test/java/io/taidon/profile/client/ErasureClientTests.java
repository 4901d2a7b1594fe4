package io.taidon.profile.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The erasure calls over real HTTP on loopback: the callee's base URL, retries, 503s and the breaker. */
class ErasureClientTests {

    private HttpServer server;

    private volatile int status = 204;

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private ErasureClient client;

    @BeforeEach
    void startServices() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            this.calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(this.status, -1);
            exchange.close();
        });
        this.server.start();
        String base = "http://127.0.0.1:" + this.server.getAddress().getPort();
        ServiceClientProperties services = new ServiceClientProperties("user-profile", null, base + "/oauth2/token",
                Duration.ofSeconds(1), Duration.ofSeconds(2),
                Map.of("env-manager", base + "/env-manager", "snapshot-cache", base + "/snapshot-cache"));
        // the group's own base URL is never used: each call names the callee
        this.client = new ErasureClient(HttpServiceProxies.of(ErasureApi.class, "http://127.0.0.1:1"), services,
                this.registry, HttpServiceProxies.retries(3));
    }

    @AfterEach
    void stopServices() {
        this.server.stop(0);
    }

    @Test
    void shouldCallTheNamedServicesErasureEndpoint() {
        assertThatCode(() -> this.client.erase("snapshot-cache", "u_anon_x")).doesNotThrowAnyException();

        assertThat(this.calls).containsExactly("DELETE /snapshot-cache/internal/users/u_anon_x");
    }

    @Test
    void shouldRetryAndThenAnswer503WhenTheServiceFails() {
        this.status = 503;

        assertThatThrownBy(() -> this.client.erase("env-manager", "u_anon_x"))
            .isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("env-manager");
        assertThat(this.calls).hasSize(3);
    }

    @Test
    void shouldAnswer503WithoutRetryingWhenTheServiceRefuses() {
        this.status = 400;

        assertThatThrownBy(() -> this.client.erase("env-manager", "u_anon_x"))
            .isInstanceOf(DownstreamUnavailableException.class);
        assertThat(this.calls).hasSize(1);
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("erasure").transitionToOpenState();

        assertThatThrownBy(() -> this.client.erase("env-manager", "u_anon_x"))
            .isInstanceOf(DownstreamUnavailableException.class);
        assertThat(this.calls).isEmpty();
    }
}
