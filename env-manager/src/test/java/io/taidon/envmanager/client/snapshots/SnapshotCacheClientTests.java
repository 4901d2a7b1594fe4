package io.taidon.envmanager.client.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.problem.TaidonProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How {@link SnapshotCacheClient} maps snapshot-cache's error answers, against a real HTTP server on loopback. */
class SnapshotCacheClientTests {

    private HttpServer server;

    private volatile int status;

    private volatile String body;

    private SnapshotCacheClient client;

    @BeforeEach
    void startServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(this.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        String url = "http://127.0.0.1:" + this.server.getAddress().getPort();
        ServiceClientProperties properties = new ServiceClientProperties("env-manager", null, url + "/oauth2/token",
                Duration.ofSeconds(2), Duration.ofSeconds(5), Map.of(SnapshotCacheClient.SERVICE, url));
        this.client = new SnapshotCacheClient(new ServiceRestClients(RestClient.builder(), properties,
                (request, requestBody, execution) -> execution.execute(request, requestBody)));
    }

    @AfterEach
    void stopServer() {
        this.server.stop(0);
    }

    @Test
    void shouldPassOnA400WithItsProblemWhenSnapshotCacheRefusesTheRequest() {
        this.status = 400;
        this.body = """
                {"type":"https://taidon.io/problems/invalid-name","title":"Invalid name",\
                "status":400,"detail":"name must be at most 100 characters."}""";

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.namedSnapshots("u_anon_x"));

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.kind()).isEqualTo("invalid-name");
        assertThat(problem.toProblemDetail().getDetail()).isEqualTo("name must be at most 100 characters.");
    }

    @Test
    void shouldPassOnA413WhenSnapshotCacheAnswersWithoutAProblemBody() {
        this.status = 413;
        this.body = "too large";

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.namedSnapshots("u_anon_x"));

        assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(problem.kind()).isEqualTo("content-too-large");
    }

    @Test
    void shouldAnswer503WhenSnapshotCacheFailsWith500() {
        this.status = 500;
        this.body = "{\"type\":\"https://taidon.io/problems/internal-error\",\"status\":500}";

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.namedSnapshots("u_anon_x"));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.kind()).isEqualTo("service-unavailable");
    }

    @Test
    void shouldAnswer503WhenSnapshotCacheRefusesThisServicesToken() {
        this.status = 401;
        this.body = "{\"type\":\"https://taidon.io/problems/unauthorized\",\"status\":401}";

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.namedSnapshots("u_anon_x"));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
