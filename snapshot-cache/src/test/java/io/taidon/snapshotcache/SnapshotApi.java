package io.taidon.snapshotcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.TestTokenIssuer;

/** A test client of snapshot-cache's HTTP API over real HTTP on loopback. */
final class SnapshotApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String baseUrl;

    SnapshotApi(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    String baseUrl() {
        return this.baseUrl;
    }

    static String serviceToken() {
        return TestTokenIssuer.get().serviceToken("env-manager");
    }

    static String userToken(String userId) {
        return TestTokenIssuer.get().token(userId, "learner");
    }

    Answer send(String method, String path, @Nullable String token, HttpRequest.BodyPublisher body,
            String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .method(method, body)
            .header("Content-Type", contentType);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    Answer get(String path, @Nullable String token) {
        return send("GET", path, token, HttpRequest.BodyPublishers.noBody(), "application/json");
    }

    Answer delete(String path, @Nullable String token) {
        return send("DELETE", path, token, HttpRequest.BodyPublishers.noBody(), "application/json");
    }

    Answer postJson(String path, @Nullable String token, Object body) {
        return send("POST", path, token, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)),
                "application/json");
    }

    Answer open(String owner, String kind, String key, Map<String, byte[]> files, @Nullable String parentId,
            @Nullable String chainHash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("kind", kind);
        body.put("engineVersion", "18");
        body.put("parentId", parentId);
        body.put("chainHash", chainHash);
        body.put("name", kind.equals("named") ? "save " + key : null);
        body.put("idempotencyKey", key);
        List<Map<String, Object>> list = new ArrayList<>();
        files.forEach((path, content) -> list.add(Map.of("path", path, "mode", 384, "size", content.length,
                "sha256", sha256(content))));
        body.put("files", list);
        return postJson("/internal/snapshots/uploads", serviceToken(), body);
    }

    Answer putBlob(String uploadId, byte[] content) {
        return send("PUT", "/internal/snapshots/uploads/" + uploadId + "/blobs/" + sha256(content), serviceToken(),
                HttpRequest.BodyPublishers.ofByteArray(content), "application/octet-stream");
    }

    Answer commit(String uploadId) {
        return send("POST", "/internal/snapshots/uploads/" + uploadId + "/commit", serviceToken(),
                HttpRequest.BodyPublishers.noBody(), "application/json");
    }

    /** Runs the whole protocol: open, send the missing blobs, commit. @return the snapshot id */
    String upload(String owner, String kind, Map<String, byte[]> files, @Nullable String parentId,
            @Nullable String chainHash) {
        Answer opened = open(owner, kind, UUID.randomUUID().toString(), files, parentId, chainHash);
        opened.expect(201);
        String uploadId = opened.json().get("uploadId").asString();
        List<String> missing = new ArrayList<>();
        opened.json().get("missing").forEach(n -> missing.add(n.asString()));
        for (byte[] content : new java.util.LinkedHashSet<>(files.values())) {
            if (missing.remove(sha256(content))) {
                putBlob(uploadId, content).expect(201);
            }
        }
        Answer committed = commit(uploadId);
        committed.expect(201);
        return committed.json().get("snapshotId").asString();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    record Answer(int status, byte[] body, Map<String, List<String>> headers) {

        JsonNode json() {
            return JSON.readTree(this.body);
        }

        String text() {
            return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
        }

        Answer expect(int expected) {
            if (this.status != expected) {
                throw new AssertionError("expected " + expected + " but got " + this.status + ": " + text());
            }
            return this;
        }
    }
}
