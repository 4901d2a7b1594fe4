package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run's progress through the gateway as a web app follows it: the Server-Sent Events of {@code GET
 * /api/runs/{id}/events} arrive while the run goes (the gateway streams them, it does not hold them until the end),
 * and the answer's {@code runId} is the one the client chose.
 */
class RunProgressIT {

    @Test
    void shouldStreamARunsProgressThroughTheGatewayWhileItRuns() throws Exception {
        String gatewayUrl = SharedSuite.get().gatewayUrl();
        GatewayClient gateway = new GatewayClient(gatewayUrl);
        GatewayClient.Answer anonymous = gateway.post("/api/auth/anonymous", null, null);
        assertThat(anonymous.status()).as(anonymous.text()).isEqualTo(201);
        String token = anonymous.string("accessToken");
        String runId = UUID.randomUUID().toString();
        List<String> lines = new CopyOnWriteArrayList<>();
        long[] firstReplaying = { 0 };
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<Void>> events = http.sendAsync(HttpRequest.newBuilder(
                URI.create(gatewayUrl + "/api/runs/" + runId + "/events"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofMinutes(2))
            .build(), HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                lines.add(text);
                if (firstReplaying[0] == 0 && text.contains("\"state\":\"replaying\"")) {
                    firstReplaying[0] = System.nanoTime();
                }
            })));
        // the stream is open once its first event (the pending state) arrived
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !lines.isEmpty());
        String script = "select pg_sleep(0.1);\n".repeat(30) + "select 1;";
        GatewayClient.Answer answer = gateway.send("POST", "/api/runs", token,
                JsonMapper.builder().build()
                    .writeValueAsBytes(Map.of("sql", script, "runId", runId)),
                Duration.ofSeconds(70));
        long answered = System.nanoTime();
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.string("runId")).isEqualTo(runId);
        events.get(30, TimeUnit.SECONDS);
        String stream = String.join("", lines);
        assertThat(stream).contains("event:progress").contains("\"state\":\"replaying\"").contains("event:end")
            .contains("\"state\":\"done\"");
        assertThat(firstReplaying[0]).as("a progress event arrived while the run replayed").isPositive()
            .isLessThan(answered);
    }
}
