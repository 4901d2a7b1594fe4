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

    private static final System.Logger LOG = System.getLogger(GatewayClient.class.getName());

    /** The problem type of sql-runner's 409 while another run holds the sandbox. */
    static final String RUN_IN_PROGRESS = "https://taidon.io/problems/run-in-progress";

    /** How long {@link #run(String, byte[])} keeps retrying documented "try again" answers. */
    static final Duration RETRY_BUDGET = Duration.ofMinutes(2);

    // HTTP/1.1 as a browser speaks it to a plain-HTTP gateway (no h2c upgrade attempts)
    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String baseUrl;

    GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * An answer: status, content type, body parsed as JSON (a missing node when there is none), and its
     * {@code Retry-After} in seconds (null when absent or not a number of seconds).
     */
    record Answer(int status, String contentType, JsonNode body, String text, @Nullable Long retryAfter) {

        Answer(int status, String contentType, JsonNode body, String text) {
            this(status, contentType, body, text, null);
        }

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
     * {@code POST /api/runs {sql}}, waiting up to the gateway's own deadline for sql-runner. Only the answers the API
     * documents as "try again" are retried ({@link #retryable}), for up to {@link #RETRY_BUDGET} in all and each retry
     * logged; any other answer, every other 409 and 503 included, is returned at once for the test to judge.
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
        long giveUp = System.nanoTime() + RETRY_BUDGET.toNanos();
        for (int attempt = 1;; attempt++) {
            Answer answer = send("POST", "/api/runs", token, body, Duration.ofSeconds(70));
            Duration wait = retryable(answer);
            if (wait == null || System.nanoTime() + wait.toNanos() > giveUp) {
                return answer;
            }
            LOG.log(System.Logger.Level.INFO, "POST /api/runs answered {0} {1} (attempt {2}); retrying in {3} ms",
                    answer.status(), answer.string("type"), attempt, wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    /**
     * The retries the API documents: 409 {@code run-in-progress} (another run, or a background chain-snapshot
     * capture, holds the sandbox; sql-runner's {@code SandboxLocks}) after 250 ms, and a 503 that carries
     * {@code Retry-After} (RFC 9110 §10.2.3) after the seconds it names.
     *
     * @param answer an answer of {@code POST /api/runs}
     * @return how long to wait before trying again, or null when the answer is final
     */
    static @Nullable Duration retryable(Answer answer) {
        if (answer.status() == 409 && RUN_IN_PROGRESS.equals(answer.string("type"))) {
            return Duration.ofMillis(250);
        }
        if (answer.status() == 503 && answer.retryAfter() != null) {
            return Duration.ofSeconds(answer.retryAfter());
        }
        return null;
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
            Long retryAfter = response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,6}"))
                .map(Long::valueOf)
                .orElse(null);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json,
                    text, retryAfter);
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
