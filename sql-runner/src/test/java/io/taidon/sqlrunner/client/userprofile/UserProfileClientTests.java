package io.taidon.sqlrunner.client.userprofile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The user-profile client over real HTTP on loopback: the quotas it reads, a 4xx passed on, failures as 503 and
 * the circuit breaker (a 4xx does not count against it).
 */
class UserProfileClientTests {

    private HttpServer server;

    private CircuitBreakerRegistry registry;

    private UserProfileClient client;

    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/internal/users/", exchange -> {
            this.calls.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int status = path.contains("u_missing") ? 404 : path.contains("u_broken") ? 500
                    : path.contains("u_forbidden") ? 403 : 200;
            String body = path.contains("u_partial") ? "{\"maxSandboxes\":1}"
                    : "{\"maxSandboxes\":1,\"statementTimeoutMs\":10000,\"runsPerMinute\":30,\"sandboxCpus\":0.5}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(4)
            .ignoreExceptions(HttpClientErrorException.class)
            .build());
        this.client = new UserProfileClient(HttpServiceProxies.of(UserProfileApi.class,
                "http://127.0.0.1:" + this.server.getAddress().getPort()), this.registry, HttpServiceProxies.noRetries());
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void shouldReadTheStatementTimeoutAndRunsPerMinuteWhenUserProfileAnswers() {
        assertThat(this.client.quotas("u_anon_x")).isEqualTo(new RunQuotas(Duration.ofSeconds(10), 30));
    }

    @Test
    void shouldPassA4xxOnAndKeepTheCircuitClosedWhenUserProfileRefusesTheLookup() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> this.client.quotas("u_missing"))
                .isInstanceOfSatisfying(TaidonProblemException.class, ex -> {
                    assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(ex.kind()).isEqualTo("not-found");
                })
                .isNotInstanceOf(DownstreamUnavailableException.class);
        }
        assertThat(this.registry.circuitBreaker("user-profile").getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void shouldAnswer503WhenUserProfileRefusesTheServiceToken() {
        assertThatThrownBy(() -> this.client.quotas("u_forbidden")).isInstanceOf(DownstreamUnavailableException.class);
    }

    @Test
    void shouldAnswer503AndOpenTheCircuitWhenUserProfileFailsOrAnswersWithoutTheQuotas() {
        assertThatThrownBy(() -> this.client.quotas("u_partial")).isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("user-profile");
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> this.client.quotas("u_broken"))
                .isInstanceOf(DownstreamUnavailableException.class);
        }
        assertThat(this.registry.circuitBreaker("user-profile").getState().name()).isEqualTo("OPEN");
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker("user-profile").transitionToOpenState();

        assertThatThrownBy(() -> this.client.quotas("u_anon_x")).isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("user-profile");
        assertThat(this.calls.get()).isZero();
    }
}
