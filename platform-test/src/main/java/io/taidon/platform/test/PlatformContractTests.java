package io.taidon.platform.test;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Taidon service promises, checked against the running service on a random port with its real
 * database: health and Prometheus open, {@code /api/**} closed without a token, {@code /internal/**} closed to user
 * tokens, errors as ProblemDetails, the erasure endpoint answering a service token, request ids echoed.
 * Subclasses are {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and register the control plane and the
 * token issuer.
 */
public abstract class PlatformContractTests {

    @LocalServerPort
    private int port;

    @Autowired
    private RestClient.Builder restClientBuilder;

    /** @return a client for the service under test that never throws on 4xx/5xx */
    protected RestClient client() {
        return this.restClientBuilder.clone()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
            })
            .build();
    }

    @Test
    void shouldReportHealthUpWithoutToken() {
        ResponseEntity<String> health = client().get().uri("/actuator/health/readiness").retrieve()
            .toEntity(String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("UP");
    }

    @Test
    void shouldExposePrometheusMetrics() {
        ResponseEntity<String> metrics = client().get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.getBody()).contains("jvm_memory_used_bytes");
    }

    @Test
    void shouldAnswerProblemDetail401WhenNoToken() {
        ResponseEntity<String> answer = client().get().uri("/api/anything").retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody()).contains("https://taidon.io/problems/unauthorized");
    }

    @Test
    void shouldRefuseInternalEndpointsToUserTokens() {
        ResponseEntity<String> answer = client().delete().uri("/internal/users/u_anon_x")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().token("u_anon_x", "anonymous"))
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void shouldAcceptErasureFromAServiceTwice() {
        for (int i = 0; i < 2; i++) {
            ResponseEntity<Void> answer = client().delete().uri("/internal/users/u_anon_erased")
                .header("Authorization", "Bearer " + TestTokenIssuer.get().serviceToken("user-profile"))
                .retrieve()
                .toBodilessEntity();
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        }
    }

    @Test
    void shouldPublishItsOpenApiDescription() {
        ResponseEntity<String> docs = client().get().uri("/v3/api-docs").retrieve().toEntity(String.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).contains("\"openapi\"");
    }

    @Test
    void shouldEchoTheRequestId() {
        ResponseEntity<String> answer = client().get().uri("/actuator/health")
            .header("X-Request-Id", "req-12345")
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getHeaders().getFirst("X-Request-Id")).isEqualTo("req-12345");
    }
}
