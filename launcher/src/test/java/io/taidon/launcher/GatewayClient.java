package io.taidon.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the end-to-end tests: JSON in, status and JSON out, through the gateway. */
final class GatewayClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1 as a browser speaks it to a plain-HTTP gateway (no h2c upgrade attempts)
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String baseUrl;

    GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An answer: status, content type and body parsed as JSON (a missing node when there is none). */
    record Answer(int status, String contentType, JsonNode body, String text) {

        String string(String field) {
            return this.body.path(field).asString();
        }
    }

    Answer get(String path, @Nullable String token) {
        return send("GET", path, token, null);
    }

    Answer delete(String path, @Nullable String token) {
        return send("DELETE", path, token, null);
    }

    Answer post(String path, @Nullable String token, @Nullable Map<String, String> body) {
        return send("POST", path, token, body == null ? null : JSON.writeValueAsString(body), Duration.ofSeconds(30));
    }

    /**
     * {@code POST /api/runs {sql}}, waiting up to the gateway's own deadline for sql-runner. A 409
     * {@code run-in-progress} or a 503 (the sandbox is busy, e.g. with a background chain-snapshot capture after a
     * slow replay) is retried every 250 ms for up to two minutes, as the problems' details ask.
     */
    Answer run(String token, String sql) {
        return run(token, runBody(sql));
    }

    /**
     * @param sql a script
     * @return the JSON body of {@code POST /api/runs} for it, UTF-8 (built before a timed call)
     */
    static byte[] runBody(String sql) {
        return JSON.writeValueAsBytes(Map.of("sql", sql));
    }

    /**
     * @param sql a script
     * @param sandboxId the sandbox to run it in
     * @return the JSON body of {@code POST /api/runs} for it, UTF-8
     */
    static byte[] runBody(String sql, String sandboxId) {
        return JSON.writeValueAsBytes(Map.of("sql", sql, "sandboxId", sandboxId));
    }

    /** {@link #run(String, String)} with a body made by {@link #runBody}. */
    Answer run(String token, byte[] body) {
        long giveUp = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Answer answer = send("POST", "/api/runs", token, body, Duration.ofSeconds(70));
            if ((answer.status() != 409 && answer.status() != 503) || System.nanoTime() > giveUp) {
                return answer;
            }
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    private Answer send(String method, String path, @Nullable String token, @Nullable String body) {
        return send(method, path, token, body, Duration.ofSeconds(30));
    }

    private Answer send(String method, String path, @Nullable String token, @Nullable String body, Duration timeout) {
        return send(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /** Sends a request with a JSON content type and the given body bytes, as they are. */
    Answer send(String method, String path, @Nullable String token, byte @Nullable [] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(timeout)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text.isBlank() ? JSON.missingNode() : parse(text);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json,
                    text);
        }
        catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        }
        catch (RuntimeException ex) {
            return JSON.missingNode();
        }
    }
}
