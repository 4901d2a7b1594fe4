package io.taidon.envmanager.client.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.DownstreamUnavailableException;
import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.platform.test.HttpServiceProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How {@link SnapshotCacheClient} maps snapshot-cache's error answers, against a real HTTP server on loopback. */
class SnapshotCacheClientTests {

    private HttpServer server;

    private volatile int status;

    private volatile String body;

    private final AtomicInteger calls = new AtomicInteger();

    private volatile int received;

    private volatile String contentLength;

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    private SnapshotCacheClient client;

    @BeforeEach
    void startServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            this.calls.incrementAndGet();
            this.received = exchange.getRequestBody().readAllBytes().length;
            this.contentLength = exchange.getRequestHeaders().getFirst("Content-Length");
            byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                .set("Content-Type", this.status == 200 ? "application/octet-stream" : "application/problem+json");
            exchange.sendResponseHeaders(this.status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
        String url = "http://127.0.0.1:" + this.server.getAddress().getPort();
        this.client = new SnapshotCacheClient(HttpServiceProxies.of(SnapshotCacheApi.class, url), this.registry,
                HttpServiceProxies.noRetries());
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

    @Test
    void shouldStreamABlobIntoAFileAndRefuseOneWhoseContentDoesNotMatchItsHash(@TempDir Path dir) throws Exception {
        this.status = 200;
        this.body = "blob content";
        Path target = dir.resolve("blob");

        this.client.downloadBlob("snp1", sha256("blob content"), target);
        assertThat(target).hasContent("blob content");

        this.body = "";
        this.client.downloadBlob("snp1", sha256(""), target);
        assertThat(target).isEmptyFile();

        this.body = "blob content";
        assertThatThrownBy(() -> this.client.downloadBlob("snp1", sha256("other content"), target))
            .isInstanceOfSatisfying(ConflictException.class,
                    ex -> assertThat(ex.kind()).isEqualTo("snapshot-corrupt"));
        assertThat(Files.exists(target)).isFalse();
        assertThat(this.registry.circuitBreaker(SnapshotCacheClient.SERVICE).getMetrics().getNumberOfFailedCalls())
            .isZero();
    }

    @Test
    void shouldStreamAFileAsABlob(@TempDir Path dir) throws Exception {
        this.status = 204;
        this.body = "";
        Path file = Files.writeString(dir.resolve("file"), "x".repeat(100_000));

        this.client.putBlob("upl1", sha256("x".repeat(100_000)), file);

        assertThat(this.calls.get()).isOne();
        assertThat(this.received).isEqualTo(100_000);
        assertThat(this.contentLength).isEqualTo("100000");
    }

    @Test
    void shouldAnswer503WithoutCallingWhenTheCircuitIsOpen() {
        this.registry.circuitBreaker(SnapshotCacheClient.SERVICE).transitionToOpenState();

        assertThatThrownBy(() -> this.client.namedSnapshots("u_anon_x"))
            .isInstanceOf(DownstreamUnavailableException.class)
            .hasMessageContaining("snapshot-cache");
        assertThat(this.calls.get()).isZero();
    }

    private static String sha256(String content) throws NoSuchAlgorithmException {
        return HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
