package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.TestControlPlane;

/**
 * Plays snapshot-cache's chain cache and env-manager's snapshot endpoints on one loopback server, in front of
 * {@link EnvManagerStub} (every other {@code /internal/sandboxes/**} call is forwarded to it). A "chain snapshot" is
 * a copy of the stub sandbox's layer database; restoring it recreates the sandbox's database from that copy. The
 * capture's metadata is served as the snapshot's {@code taidon-metadata.json} blob, as snapshot-cache would.
 *
 * <p>Its chain-cache part (lookup, build leases) is held to snapshot-cache's real controller by the contract
 * {@code contracts/snapshot-cache/chain-cache.json} (platform-test's {@code Contract}): replayed against this stub by
 * {@link ChainSnapshotStubContractTests} and against snapshot-cache by its {@code SnapshotStoreIT}. A lookup hit, the
 * capture and the restore are not recorded: they need a real sandbox's PGDATA on the real side.
 */
final class ChainSnapshotStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final String envManager;

    private final HttpClient http = HttpClient.newHttpClient();

    private final Map<String, Snapshot> byChainHash = new ConcurrentHashMap<>();

    private final Map<String, String> leases = new ConcurrentHashMap<>();

    private final Map<String, String> defaults = new ConcurrentHashMap<>();

    final AtomicInteger captures = new AtomicInteger();

    final AtomicInteger restores = new AtomicInteger();

    /** Default sandboxes created from a snapshot ({@code POST /internal/sandboxes/default {fromSnapshotId}}). */
    final AtomicInteger createdFromSnapshot = new AtomicInteger();

    record Snapshot(String id, String chainHash, String database, byte[] metadata, String sha256) {
    }

    /** @return how many chain snapshots can be looked up (a capture counts once its copy is complete) */
    int available() {
        return this.byChainHash.size();
    }

    ChainSnapshotStub(String envManagerUrl) throws IOException {
        this.envManager = envManagerUrl;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        this.server.createContext("/internal/", this::handle);
        this.server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (path.equals("/internal/chain-cache/lookup")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                Map<String, Object> answer = new LinkedHashMap<>(Map.of("hit", false));
                int depth = 0;
                for (JsonNode hash : body.get("chainHashes")) {
                    depth++;
                    Snapshot snapshot = this.byChainHash.get(hash.asString());
                    if (snapshot != null) {
                        answer = Map.of("hit", true, "depth", depth, "chainHash", snapshot.chainHash(), "snapshotId",
                                snapshot.id(), "manifest", Map.of("files", List.of(Map.of("path",
                                        "taidon-metadata.json", "mode", 384, "size", snapshot.metadata().length,
                                        "sha256", snapshot.sha256()))));
                    }
                }
                send(exchange, 200, JSON.writeValueAsString(answer));
            }
            else if (path.startsWith("/internal/chain-cache/builds/")) {
                String hash = parts[4];
                if (method.equals("DELETE")) {
                    this.leases.remove(hash);
                    send(exchange, 204, null);
                }
                else if (this.byChainHash.containsKey(hash)) {
                    send(exchange, 409, "{}");
                }
                else if (this.leases.putIfAbsent(hash, "lease-" + hash) != null) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    send(exchange, 423, "{}");
                }
                else {
                    send(exchange, 201, JSON.writeValueAsString(Map.of("chainHash", hash, "leaseId", "lease-" + hash)));
                }
            }
            else if (path.startsWith("/internal/snapshots/") && parts.length == 6 && parts[4].equals("blobs")) {
                Snapshot snapshot = this.byChainHash.values().stream().filter(s -> s.id().equals(parts[3])).findFirst()
                    .orElseThrow();
                send(exchange, 200, new String(snapshot.metadata(), StandardCharsets.UTF_8));
            }
            else if (method.equals("POST") && parts.length == 5 && parts[4].equals("snapshots")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String sandboxId = parts[3];
                String hash = body.get("chainHash").asString();
                String id = "sn" + this.captures.incrementAndGet();
                String database = "snap_" + id + "_" + sandboxId;
                sql("create database " + database + " template layer_" + sandboxId + "_" + hash.substring(0, 16));
                byte[] metadata = body.get("metadata").asString().getBytes(StandardCharsets.UTF_8);
                this.byChainHash.put(hash, new Snapshot(id, hash, database, metadata,
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(metadata))));
                this.leases.remove(hash);
                send(exchange, 201, JSON.writeValueAsString(Map.of("snapshotId", id)));
            }
            else if (method.equals("POST") && path.equals("/internal/sandboxes/default")) {
                // env-manager creates a new default sandbox from the snapshot; an existing one is returned unchanged
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String userId = body.get("userId").asString();
                boolean existed = this.defaults.containsKey(userId);
                HttpResponse<String> created = this.http.send(withAuthorization(HttpRequest.newBuilder(
                        URI.create(this.envManager + "/internal/sandboxes/default"))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("userId", userId))))
                    .header("Content-Type", "application/json"), exchange)
                    .build(), HttpResponse.BodyHandlers.ofString());
                String sandboxId = JSON.readTree(created.body()).get("sandboxId").asString();
                this.defaults.put(userId, sandboxId);
                String from = body.has("fromSnapshotId") ? body.get("fromSnapshotId").asString() : null;
                Snapshot snapshot = from == null || existed ? null : this.byChainHash.values().stream()
                    .filter(s -> s.id().equals(from))
                    .findFirst()
                    .orElse(null);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("sandboxId", sandboxId);
                answer.put("status", "running");
                answer.put("restoredFrom", null);
                if (snapshot != null) {
                    restoreDatabase(sandboxId, snapshot);
                    this.createdFromSnapshot.incrementAndGet();
                    answer.put("restoredFrom", snapshot.id());
                }
                send(exchange, 200, JSON.writeValueAsString(answer));
            }
            else if (method.equals("POST") && parts.length == 5 && parts[4].equals("restore")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String sandboxId = parts[3];
                Snapshot snapshot = this.byChainHash.values().stream()
                    .filter(s -> s.id().equals(body.get("snapshotId").asString()))
                    .findFirst()
                    .orElseThrow();
                restoreDatabase(sandboxId, snapshot);
                this.restores.incrementAndGet();
                send(exchange, 200, JSON.writeValueAsString(Map.of("sandboxId", sandboxId, "status", "running")));
            }
            else {
                forward(exchange);
            }
        }
        catch (Exception ex) {
            send(exchange, 500, "{\"error\":\"" + ex.getClass().getSimpleName() + "\"}");
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.envManager + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
        HttpResponse<String> response = this.http.send(withAuthorization(request, exchange).build(),
                HttpResponse.BodyHandlers.ofString());
        send(exchange, response.statusCode(), response.body().isEmpty() ? null : response.body());
    }

    /** Passes the caller's Authorization header on to {@link EnvManagerStub}, as the real call would carry it. */
    private static HttpRequest.Builder withAuthorization(HttpRequest.Builder request, HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static void restoreDatabase(String sandboxId, Snapshot snapshot) throws SQLException {
        sql("drop database if exists db_" + sandboxId + " with (force)");
        sql("create database db_" + sandboxId + " owner learner_" + sandboxId + " template " + snapshot.database());
        sql("alter database db_" + sandboxId + " set timezone = 'UTC'");
        // every real sandbox's learner role is called learner; here each stub sandbox has its own role, so the
        // copied tables change hands as if they had always been this learner's
        try (Connection connection = TestControlPlane.get().superuser("db_" + sandboxId).getConnection();
                Statement jdbc = connection.createStatement()) {
            jdbc.execute("do $$ declare t record; begin for t in select tablename from pg_tables"
                    + " where schemaname = 'public' loop execute format('alter table public.%I owner to %I',"
                    + " t.tablename, 'learner_" + sandboxId + "'); end loop; end $$");
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = TestControlPlane.superuser().getConnection();
                Statement jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
