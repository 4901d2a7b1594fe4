package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@link GatewayClient#run} retries only the "try again" answers the API documents. */
class GatewayClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deque<String[]> answers = new ArrayDeque<>();

    private final AtomicInteger requests = new AtomicInteger();

    private final HttpServer server = start();

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void shouldRetryARunInProgressUntilTheRunIsAnswered() {
        this.answers.add(new String[] { "409", GatewayClient.RUN_IN_PROGRESS, null });
        this.answers.add(new String[] { "409", GatewayClient.RUN_IN_PROGRESS, null });
        this.answers.add(new String[] { "200", null, null });

        assertThat(client().run("token", "select 1").status()).isEqualTo(200);
        assertThat(this.requests).hasValue(3);
    }

    @Test
    void shouldRetryA503ThatSaysWhenToTryAgain() {
        this.answers.add(new String[] { "503", "https://taidon.io/problems/service-unavailable", "1" });
        this.answers.add(new String[] { "200", null, null });

        assertThat(client().run("token", "select 1").status()).isEqualTo(200);
        assertThat(this.requests).hasValue(2);
    }

    @Test
    void shouldReturnEveryOther409And503AtOnceWhenTheApiDoesNotSayTryAgain() {
        this.answers.add(new String[] { "409", "https://taidon.io/problems/tail-mismatch", null });
        this.answers.add(new String[] { "503", "https://taidon.io/problems/sandbox-unavailable", null });
        this.answers.add(new String[] { "200", null, null });

        GatewayClient client = client();
        assertThat(client.run("token", "select 1").status()).isEqualTo(409);
        assertThat(client.run("token", "select 1").status()).isEqualTo(503);
        assertThat(this.requests).hasValue(2);
    }

    @Test
    void shouldNotWaitPastTheRetryBudgetWhenRetryAfterIsLonger() {
        this.answers.add(new String[] { "503", "https://taidon.io/problems/service-unavailable",
                Long.toString(GatewayClient.RETRY_BUDGET.toSeconds() + 1) });

        assertThat(client().run("token", "select 1").retryAfter())
            .isEqualTo(GatewayClient.RETRY_BUDGET.plus(Duration.ofSeconds(1)).toSeconds());
        assertThat(this.requests).hasValue(1);
    }

    private GatewayClient client() {
        return new GatewayClient("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/api/runs", exchange -> {
                exchange.getRequestBody().readAllBytes();
                this.requests.incrementAndGet();
                String[] answer = this.answers.poll();
                int status = answer == null ? 500 : Integer.parseInt(answer[0]);
                byte[] body = JSON.writeValueAsBytes(answer == null || answer[1] == null ? Map.of()
                        : Map.of("type", answer[1], "status", status));
                if (answer != null && answer[2] != null) {
                    exchange.getResponseHeaders().set("Retry-After", answer[2]);
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
            return http;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
