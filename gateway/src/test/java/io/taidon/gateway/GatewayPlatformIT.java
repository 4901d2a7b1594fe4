package io.taidon.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform contract as it applies to the gateway, with its default settings. The gateway differs from a service
 * on purpose: it is the public entry, so {@code /internal/**} (including the platform's erasure endpoint) does not
 * exist there (404 for every caller, service tokens included) instead of answering service tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayPlatformIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void controlPlane(DynamicPropertyRegistry registry) {
        TestControlPlane.register(registry, "gateway");
        TestTokenIssuer.register(registry);
    }

    private RestClient client() {
        return RestClient.builder()
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
    void shouldExposePrometheusMetricsToLoopbackScrapers() {
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
    void shouldNotExposeTheErasureEndpointEvenToServices() {
        ResponseEntity<String> answer = client().delete().uri("/internal/users/u_anon_erased")
            .header("Authorization", "Bearer " + TestTokenIssuer.get().serviceToken("user-profile"))
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody()).contains("https://taidon.io/problems/not-found");
    }

    @Test
    void shouldEchoTheRequestId() {
        ResponseEntity<String> answer = client().get().uri("/actuator/health")
            .header("X-Request-Id", "req-12345")
            .retrieve()
            .toEntity(String.class);
        assertThat(answer.getHeaders().get("X-Request-Id")).containsExactly("req-12345");
    }
}
