package io.taidon.sqlrunner.client.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.client.ServiceRestClients;
import io.taidon.platform.client.ServiceTokenInterceptor;
import io.taidon.platform.problem.TaidonProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How the chain-cache client maps snapshot-cache's error answers, over real HTTP on loopback. */
class ChainCacheClientTests {

    private HttpServer server;

    private volatile int status;

    private ChainCacheClient client;

    @BeforeEach
    void startSnapshotCache() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", exchange -> {
            byte[] body = ("{\"type\":\"https://taidon.io/problems/invalid-chain-hash\",\"title\":\"Invalid chain hash\","
                    + "\"status\":" + this.status + ",\"detail\":\"chainHashes must be 64 hex digits.\"}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(this.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.start();
        ServiceClientProperties properties = new ServiceClientProperties("sql-runner", null,
                "http://127.0.0.1:1/oauth2/token", Duration.ofSeconds(1), Duration.ofSeconds(2),
                Map.of("snapshot-cache", "http://127.0.0.1:" + this.server.getAddress().getPort()));
        this.client = new ChainCacheClient(
                new ServiceRestClients(RestClient.builder(), properties, new ServiceTokenInterceptor(properties)));
    }

    @AfterEach
    void stopSnapshotCache() {
        this.server.stop(0);
    }

    @Test
    void shouldPassOnA400WhenSnapshotCacheRefusesTheLookup() {
        this.status = 400;

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.lookup(List.of("not-a-hash")));

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.kind()).isEqualTo("invalid-chain-hash");
    }

    @Test
    void shouldAnswer503WhenSnapshotCacheFails() {
        this.status = 502;

        TaidonProblemException problem = catchThrowableOfType(TaidonProblemException.class,
                () -> this.client.lookup(List.of("a".repeat(64))));

        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
