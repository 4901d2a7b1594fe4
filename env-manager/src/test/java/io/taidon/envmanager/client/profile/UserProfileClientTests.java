package io.taidon.envmanager.client.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** env-manager's calls to user-profile over real HTTP on loopback: answers, failures, retries and the breaker. */
class UserProfileClientTests {

    private HttpServer server;

    private volatile int status = 200;

    private final AtomicInteger calls = new AtomicInteger();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private UserProfileClient client;

    @BeforeEach
    void startUserProfile() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            this.calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String body = path.endsWith("/kind") ? "{\"kind\":\"anonymous\"}"
                    : path.endsWith("/quotas") ? "{\"sandboxCpus\":0.5,\"sandboxMemoryBytes\":268435456}"
                    : "{\"allowed\":true,\"limit\":1}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(this.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        this.client = new UserProfileClient(HttpServiceProxies.of(UserProfileApi.class,
                "http://127.0.0.1:" + this.server.getAddress().getPort()), this.registry, HttpServiceProxies.retries(2));
    }

    @AfterEach
    void stopUserProfile() {
        this.server.stop(0);
    }

    @Test
    void shouldReadTheQuotaCheckTheSandboxResourcesAndTheKind() {
        assertThat(this.client.checkQuota("u_anon_x", "sandboxes", 0))
            .isEqualTo(new UserProfileClient.QuotaCheck(true, 1));
        assertThat(this.client.sandboxResources("u_anon_x")).isEqualTo(new SandboxSpec.Resources(0.5, 268435456L));
        assertThat(this.client.stillAnonymous("u_anon_x")).isTrue();
    }

    @Test
    void shouldRetryOnceThenAnswer503OrNotAnonymousWhenUserProfileFails() {
        this.status = 503;

        assertThatThrownBy(() -> this.client.checkQuota("u_anon_x", "sandboxes", 0))
            .isInstanceOf(DownstreamUnavailableException.class);
        assertThat(this.calls.get()).isEqualTo(2);
        assertThat(this.client.stillAnonymous("u_anon_x")).isFalse();
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("user-profile").transitionToOpenState();

        assertThatThrownBy(() -> this.client.sandboxResources("u_anon_x"))
            .isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("user-profile");
        assertThat(this.client.stillAnonymous("u_anon_x")).isFalse();
        assertThat(this.calls.get()).isZero();
    }
}
