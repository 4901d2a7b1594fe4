package io.taidon.sqlrunner.run;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.test.TestControlPlane;

/**
 * Plays env-manager's internal sandbox API over HTTP on 127.0.0.1, with real PostgreSQL databases on the test
 * control plane: each sandbox is a plain role owning a learner database; a layer is a template database cloned
 * from it ({@code CREATE DATABASE … TEMPLATE}); resets drop and recreate the learner database. Calls without a
 * bearer token are answered 401, as env-manager would.
 *
 * <p>Held to env-manager's real controllers by the contract {@code contracts/env-manager/sandboxes.json}
 * (platform-test's {@code Contract}): replayed against this stub by {@link EnvManagerStubContractTests} and
 * against the real env-manager of the end-to-end suite by the launcher's {@code ContractsIT}. The sandbox's base
 * ({@code baseSince}) and creating a sandbox from a snapshot are not played here (see {@link ChainSnapshotStub}).
 */
final class EnvManagerStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What env-manager answers as the base of a sandbox created empty ({@code SandboxBase#ref()}). */
    private static final String EMPTY_BASE = "empty";

    private static final Pattern PATH = Pattern.compile(
            "/internal/sandboxes/([^/]+)(?:/(connection|reset|layers|named-snapshots)(?:/([0-9a-f]{64})(/reset)?)?)?");

    private final HttpServer server;

    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();

    private final Map<String, String> defaults = new ConcurrentHashMap<>();

    /** Calls of {@code GET …/connection}, so tests can wait until a run is under way. */
    final AtomicInteger connectionCalls = new AtomicInteger();

    /** Saved snapshots: id to the database that holds the learner database's copy. */
    private final Map<String, String> saved = new ConcurrentHashMap<>();

    /** Calls of {@code POST /internal/sandboxes/default}. */
    final AtomicInteger defaultCalls = new AtomicInteger();

    /** Resets of a learner database (to empty or to a layer), so tests can see which runs skipped them. */
    final AtomicInteger resets = new AtomicInteger();

    record Sandbox(String id, String userId, String role, String password, String database, List<String> layers) {
    }

    EnvManagerStub() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        this.server.createContext("/internal/sandboxes", this::handle);
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
            URI uri = exchange.getRequestURI();
            if (!exchange.getRequestHeaders().containsKey("Authorization")) {
                send(exchange, 401, null);
                return;
            }
            if (method.equals("POST") && uri.getPath().equals("/internal/sandboxes/default")) {
                this.defaultCalls.incrementAndGet();
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String userId = body.get("userId").asString();
                String id = this.defaults.computeIfAbsent(userId, this::create);
                send(exchange, 200, JSON.writeValueAsString(Map.of("sandboxId", id, "status", "running", "baseRef",
                        EMPTY_BASE)));
                return;
            }
            Matcher m = PATH.matcher(uri.getPath());
            Sandbox sandbox = m.matches() ? this.sandboxes.get(m.group(1)) : null;
            if (sandbox == null) {
                send(exchange, 404, "{}");
                return;
            }
            String sub = m.group(2);
            String hash = m.group(3);
            if (sub == null && method.equals("GET")) {
                String query = uri.getQuery() == null ? "" : uri.getQuery();
                if (query.equals("userId=" + sandbox.userId())) {
                    send(exchange, 200, JSON.writeValueAsString(Map.of("sandboxId", sandbox.id(), "userId",
                            sandbox.userId(), "status", "running", "baseRef", EMPTY_BASE)));
                }
                else {
                    send(exchange, 404, "{}");
                }
            }
            else if ("connection".equals(sub)) {
                this.connectionCalls.incrementAndGet();
                send(exchange, 200, JSON.writeValueAsString(Map.of("host", "127.0.0.1", "port",
                        TestControlPlane.get().port(), "database", sandbox.database(), "username", sandbox.role(),
                        "password", sandbox.password())));
            }
            else if ("reset".equals(sub)) {
                this.resets.incrementAndGet();
                recreate(sandbox, null);
                send(exchange, 204, null);
            }
            else if ("named-snapshots".equals(sub) && method.equals("POST")) {
                // a capture as env-manager's: the learner's sessions end, the database is copied as it is
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                if (!sandbox.userId().equals(body.path("userId").asString())) {
                    send(exchange, 404, "{}");
                    return;
                }
                String snapshotId = "sn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + sandbox.database()
                        + "'");
                sql("create database " + snapshotId + " template " + sandbox.database());
                this.saved.put(snapshotId, snapshotId);
                send(exchange, 201, JSON.writeValueAsString(Map.of("snapshotId", snapshotId)));
            }
            else if ("layers".equals(sub) && hash == null) {
                send(exchange, 200, JSON.writeValueAsString(sandbox.layers()));
            }
            else if ("layers".equals(sub) && m.group(4) == null && method.equals("PUT")) {
                sql("drop database if exists " + layer(sandbox, hash) + " with (force)");
                sql("create database " + layer(sandbox, hash) + " template " + sandbox.database());
                if (!sandbox.layers().contains(hash)) {
                    sandbox.layers().add(hash);
                }
                send(exchange, 201, null);
            }
            else if ("layers".equals(sub) && method.equals("POST")) {
                if (!sandbox.layers().contains(hash)) {
                    send(exchange, 404, "{}");
                    return;
                }
                this.resets.incrementAndGet();
                recreate(sandbox, layer(sandbox, hash));
                send(exchange, 204, null);
            }
            else {
                send(exchange, 405, "{}");
            }
        }
        catch (RuntimeException | SQLException ex) {
            send(exchange, 500, "{\"error\":\"" + ex.getClass().getSimpleName() + "\"}");
        }
    }

    /**
     * @param snapshotId a snapshot saved through {@code POST …/named-snapshots}
     * @param query a query of one value
     * @return that value in the snapshot's copy of the learner database, as text
     */
    String querySaved(String snapshotId, String query) throws SQLException {
        try (Connection connection = TestControlPlane.get().superuser(this.saved.get(snapshotId)).getConnection();
                Statement jdbc = connection.createStatement(); java.sql.ResultSet row = jdbc.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    /** @return the chain hashes of the sandbox's layers */
    List<String> layers(String sandboxId) {
        return List.copyOf(this.sandboxes.get(sandboxId).layers());
    }

    /**
     * Turns the cache off for a sandbox: drops its layers behind the runner's back (as an eviction would) and ends the
     * learner sessions the runner keeps open (as a restart of the sandbox would), so the next run replays the whole
     * script.
     */
    void evictLayers(String sandboxId) {
        Sandbox sandbox = this.sandboxes.get(sandboxId);
        sandbox.layers().clear();
        try {
            sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + sandbox.database() + "'");
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Deletes a sandbox as env-manager's {@code DELETE /api/sandboxes/{id}} would: its record goes (later calls
     * answer 404), its learner sessions end, and the user's next default sandbox is a new one.
     */
    void delete(String sandboxId) {
        Sandbox sandbox = this.sandboxes.remove(sandboxId);
        this.defaults.values().remove(sandboxId);
        try {
            sql("drop database if exists " + sandbox.database() + " with (force)");
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String create(String userId) {
        String id = "sbx" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Sandbox sandbox = new Sandbox(id, userId, "learner_" + id, UUID.randomUUID().toString(), "db_" + id,
                java.util.Collections.synchronizedList(new ArrayList<>()));
        try {
            sql("create role " + sandbox.role() + " login nosuperuser nocreatedb nocreaterole password '"
                    + sandbox.password() + "'");
            recreate(sandbox, null);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        this.sandboxes.put(id, sandbox);
        return id;
    }

    private static String layer(Sandbox sandbox, String hash) {
        return "layer_" + sandbox.id() + "_" + hash.substring(0, 16);
    }

    private static void recreate(Sandbox sandbox, String template) throws SQLException {
        sql("drop database if exists " + sandbox.database() + " with (force)");
        sql("create database " + sandbox.database() + " owner " + sandbox.role()
                + (template == null ? "" : " template " + template));
        sql("alter database " + sandbox.database() + " set timezone = 'UTC'");
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
