package io.taidon.envmanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-in for snapshot-cache's internal snapshot protocol on 127.0.0.1 (snapshot-cache is another service; its own
 * tests prove storage, signatures and dedup on a real S3 server): uploads (missing blobs), streamed blob PUTs whose
 * SHA-256 is checked, commit, manifest and blob reads, usage. Blobs live in a temporary directory; manifests in
 * memory. {@link #derive} publishes an altered copy of a manifest, as a tampered or foreign snapshot would look.
 */
public final class StubSnapshotCache {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final Path blobs;

    private final Map<String, Map<String, Object>> uploads = new ConcurrentHashMap<>();

    private final Map<String, Map<String, Object>> manifests = new ConcurrentHashMap<>();

    private final Map<String, String> committedKeys = new ConcurrentHashMap<>();

    private final AtomicInteger ids = new AtomicInteger();

    private final AtomicInteger blobPuts = new AtomicInteger();

    private final AtomicInteger blobGets = new AtomicInteger();

    private final AtomicInteger manifestGets = new AtomicInteger();

    /** Starts the stub on a free loopback port. */
    public StubSnapshotCache() {
        try {
            this.blobs = TestDirectories.create("stub-snapshot-cache-");
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        this.server.createContext("/internal/", exchange -> {
            try {
                handle(exchange);
            }
            catch (RuntimeException ex) {
                send(exchange, 500, Map.of("error", String.valueOf(ex)));
            }
        });
        this.server.start();
    }

    /** @return base URL */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** @return how many blob bodies were received */
    public int blobPuts() {
        return this.blobPuts.get();
    }

    /** @return how many blob bodies were served */
    public int blobGets() {
        return this.blobGets.get();
    }

    /** @return how many manifests were served */
    public int manifestGets() {
        return this.manifestGets.get();
    }

    /**
     * @param idempotencyKey an upload's idempotency key
     * @return the id of the snapshot committed under it, or null while none is
     */
    public String committed(String idempotencyKey) {
        return this.committedKeys.get(idempotencyKey);
    }

    /**
     * @param snapshotId a snapshot
     * @return its manifest
     */
    public Map<String, Object> manifest(String snapshotId) {
        return this.manifests.get(snapshotId);
    }

    /**
     * Publishes a copy of a snapshot's manifest, changed.
     *
     * @param snapshotId the original
     * @param change what to change in a mutable copy
     * @return the copy's id
     */
    public String derive(String snapshotId, UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> copy = JSON.readValue(JSON.writeValueAsString(this.manifests.get(snapshotId)),
                new TypeReference<LinkedHashMap<String, Object>>() {
                });
        String id = "sn_derived" + this.ids.incrementAndGet();
        copy.put("snapshotId", id);
        this.manifests.put(id, change.apply(copy));
        return id;
    }

    /**
     * Stores content as a blob (for a file a test adds to a derived manifest).
     *
     * @param content the bytes
     * @return their SHA-256
     */
    public String putBlob(byte[] content) {
        String sha = HexFormat.of().formatHex(sha256().digest(content));
        try {
            Files.write(this.blobs.resolve(sha), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return sha;
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().split("/");
        // /internal/snapshots/uploads
        if (method.equals("POST") && path.length == 4 && path[3].equals("uploads")) {
            Map<String, Object> request = JSON.readValue(exchange.getRequestBody(),
                    new TypeReference<LinkedHashMap<String, Object>>() {
                    });
            String key = (String) request.get("idempotencyKey");
            String uploadId = "up_" + this.ids.incrementAndGet();
            this.uploads.put(uploadId, request);
            List<String> missing = new ArrayList<>();
            for (Map<String, Object> file : (List<Map<String, Object>>) request.get("files")) {
                String sha = (String) file.get("sha256");
                if (!Files.exists(this.blobs.resolve(sha)) && !missing.contains(sha)) {
                    missing.add(sha);
                }
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("uploadId", uploadId);
            answer.put("missing", this.committedKeys.containsKey(key) ? List.of() : missing);
            answer.put("snapshotId", this.committedKeys.get(key));
            send(exchange, 201, answer);
            return;
        }
        // /internal/snapshots/uploads/{uploadId}/blobs/{sha}
        if (method.equals("PUT") && path.length == 7 && path[5].equals("blobs")) {
            String sha = path[6];
            Path temporary = Files.createTempFile(this.blobs, "upload", ".tmp");
            MessageDigest digest = sha256();
            try (InputStream in = exchange.getRequestBody(); OutputStream out = Files.newOutputStream(temporary)) {
                byte[] buffer = new byte[65536];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
                Files.delete(temporary);
                send(exchange, 400, Map.of("type", "https://taidon.io/problems/blob-hash-mismatch"));
                return;
            }
            Files.move(temporary, this.blobs.resolve(sha), StandardCopyOption.REPLACE_EXISTING);
            this.blobPuts.incrementAndGet();
            send(exchange, 201, Map.of("sha256", sha, "size", Files.size(this.blobs.resolve(sha)), "storedSize", 0));
            return;
        }
        // /internal/snapshots/uploads/{uploadId}/commit
        if (method.equals("POST") && path.length == 6 && path[5].equals("commit")) {
            Map<String, Object> upload = this.uploads.get(path[4]);
            long total = 0;
            for (Map<String, Object> file : (List<Map<String, Object>>) upload.get("files")) {
                if (!Files.exists(this.blobs.resolve((String) file.get("sha256")))) {
                    send(exchange, 409, Map.of("type", "https://taidon.io/problems/blobs-missing"));
                    return;
                }
                total += ((Number) file.get("size")).longValue();
            }
            String id = this.committedKeys.computeIfAbsent((String) upload.get("idempotencyKey"),
                    key -> "sn_" + this.ids.incrementAndGet());
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("formatVersion", 1);
            manifest.put("snapshotId", id);
            manifest.put("owner", upload.get("owner"));
            manifest.put("kind", upload.get("kind"));
            manifest.put("engineVersion", upload.get("engineVersion"));
            manifest.put("parentId", upload.get("parentId"));
            manifest.put("createdAt", java.time.Instant.now().toString());
            manifest.put("chainHash", upload.get("chainHash"));
            manifest.put("files", upload.get("files"));
            manifest.put("totalSize", total);
            this.manifests.putIfAbsent(id, manifest);
            send(exchange, 201, Map.of("snapshotId", id, "kind", upload.get("kind"), "logicalSize", total,
                    "storedSize", total, "createdAt", manifest.get("createdAt")));
            return;
        }
        // /internal/snapshots/{id}/manifest and /internal/snapshots/{id}/blobs/{sha}
        if (method.equals("GET") && path.length >= 5 && path[2].equals("snapshots")) {
            Map<String, Object> manifest = this.manifests.get(path[3]);
            if (manifest == null) {
                send(exchange, 404, Map.of("type", "https://taidon.io/problems/not-found"));
                return;
            }
            if (path[4].equals("manifest")) {
                this.manifestGets.incrementAndGet();
                send(exchange, 200, manifest);
                return;
            }
            Path blob = this.blobs.resolve(path[5]);
            this.blobGets.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, Files.size(blob));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(blob, out);
            }
            return;
        }
        // /internal/users/{userId}/usage
        if (method.equals("GET") && path.length == 5 && path[4].equals("usage")) {
            long named = this.manifests.values().stream()
                .filter(m -> path[3].equals(m.get("owner")) && "named".equals(m.get("kind")))
                .count();
            send(exchange, 200, Map.of("namedSnapshots", named, "storedBytes", 0));
            return;
        }
        send(exchange, 404, Map.of());
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
