package io.taidon.snapshotcache.client.profile;

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
import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.DownstreamRejectedException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.QuotaExceededException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** snapshot-cache's quota checks at user-profile over real HTTP on loopback: answers, refusals, failures, breaker. */
class UserProfileClientTests {

    private HttpServer server;

    private volatile int status = 200;

    private volatile String body = "{\"allowed\":true,\"limit\":3}";

    private final AtomicInteger calls = new AtomicInteger();

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private UserProfileClient client;

    @BeforeEach
    void startUserProfile() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            this.calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(this.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        this.client = new UserProfileClient(HttpServiceProxies.of(UserProfileApi.class,
                "http://127.0.0.1:" + this.server.getAddress().getPort()), this.registry,
                HttpServiceProxies.noRetries());
    }

    @AfterEach
    void stopUserProfile() {
        this.server.stop(0);
    }

    @Test
    void shouldAllowWhenUserProfileAllowsAndRefuseWhenItDoesNot() {
        assertThatCode(() -> this.client.requireRoom("u_anon_x", UserProfileClient.NAMED_SNAPSHOTS, 1, 1))
            .doesNotThrowAnyException();

        this.body = "{\"allowed\":false,\"limit\":3}";
        assertThatThrownBy(() -> this.client.requireRoom("u_anon_x", UserProfileClient.NAMED_SNAPSHOTS, 3, 1))
            .isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void shouldPassOnA4xxAndAnswer503WhenUserProfileFails() {
        this.status = 404;
        this.body = "{\"type\":\"https://taidon.io/problems/not-found\",\"status\":404}";
        assertThatThrownBy(() -> this.client.requireRoom("u_gone", UserProfileClient.NAMED_SNAPSHOTS, 0, 1))
            .isInstanceOfSatisfying(DownstreamRejectedException.class,
                    ex -> assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND));

        this.status = 500;
        assertThatThrownBy(() -> this.client.requireRoom("u_anon_x", UserProfileClient.NAMED_SNAPSHOTS, 0, 1))
            .isInstanceOf(DownstreamUnavailableException.class);
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("user-profile").transitionToOpenState();

        assertThatThrownBy(() -> this.client.requireRoom("u_anon_x", UserProfileClient.NAMED_SNAPSHOTS, 0, 1))
            .isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("user-profile");
        assertThat(this.calls.get()).isZero();
    }
}
