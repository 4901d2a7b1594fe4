package io.taidon.snapshotcache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import io.taidon.embedded.ServiceDatabase;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.snapshotcache.storage.BlobStore;
import io.taidon.snapshotcache.storage.ObjectStore;

/**
 * Benchmark (not part of {@code verify}): captures the data directory of a real PostgreSQL 18 loaded with Pagila
 * into snapshot-cache over HTTP, restores it, then captures it nine more times with small changes in between, and
 * prints upload/restore throughput (4 transfers at a time) and the dedup ratio for 1 and 10 snapshots. Everything runs on loopback: S3Proxy
 * on local disk, the embedded control plane, the service on a random port.
 * <p>
 * Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -pl snapshot-cache
 * java -cp snapshot-cache/target/test-classes:snapshot-cache/target/classes:$(cat snapshot-cache/target/bench.cp) \
 *     io.taidon.snapshotcache.SnapshotStoreBenchmark [/path/to/pagila]
 * </pre>
 */
public final class SnapshotStoreBenchmark {

    private static final Set<String> SKIPPED = Set.of("postmaster.pid", "postmaster.opts");

    private static final int PARALLEL = 4;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SnapshotStoreBenchmark() {
    }

    /**
     * @param args optional directory holding {@code pagila-schema.sql} and {@code pagila-data.sql}
     * @throws Exception when anything fails
     */
    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            run(args);
        }
        catch (Exception ex) {
            ex.printStackTrace();
            status = 1;
        }
        // the control plane and S3Proxy stop in shutdown hooks
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        Path pagila = Path.of(args.length > 0 ? args[0] : "/work/shared/corpus/pagila");
        Path pgdata = Files.createTempDirectory("bench-pgdata-");
        Path restoreRoot = Files.createTempDirectory("bench-restore-");
        try (EmbeddedPostgres pg = start(pgdata)) {
            load(pg, pagila);
        }
        ConfigurableApplicationContext context = startService();
        try (context) {
            String base = "http://127.0.0.1" + ":" + context.getEnvironment().getProperty("local.server.port");
            ObjectStore objects = context.getBean(ObjectStore.class);
            String owner = "u_local_bench" + UUID.randomUUID().toString().substring(0, 8);

            Capture first = capture(base, owner, pgdata, "named");
            long restoreStart = System.nanoTime();
            long restored = restore(base, first.snapshotId(), restoreRoot);
            double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
            long storedAfterOne = storedBytes(objects);
            System.out.printf("files: %d, logical size: %.1f MB%n", first.files(), first.logicalBytes() / 1e6);
            System.out.printf("upload #1: %.1f MB in %.2f s = %.1f MB/s (%d blobs sent)%n", first.logicalBytes() / 1e6,
                    first.seconds(), first.logicalBytes() / 1e6 / first.seconds(), first.sent());
            System.out.printf("restore #1: %.1f MB in %.2f s = %.1f MB/s (every blob verified)%n", restored / 1e6,
                    restoreSeconds, restored / 1e6 / restoreSeconds);
            System.out.printf("1 snapshot: logical %.1f MB, stored %.1f MB, dedup ratio %.2f%n",
                    first.logicalBytes() / 1e6, storedAfterOne / 1e6, (double) first.logicalBytes() / storedAfterOne);

            long logical = first.logicalBytes();
            double uploadSeconds = 0;
            long uploadLogical = 0;
            int sent = 0;
            for (int i = 2; i <= 10; i++) {
                try (EmbeddedPostgres pg = start(pgdata);
                        Connection connection = pg.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("insert into actor (first_name, last_name) select 'BENCH', 'RUN" + i
                            + "' from generate_series(1, 20)");
                    statement.execute("update film set rental_rate = rental_rate + 0.01 where film_id % 50 = " + i);
                    statement.execute("checkpoint");
                }
                Capture next = capture(base, owner, pgdata, "named");
                logical += next.logicalBytes();
                uploadSeconds += next.seconds();
                uploadLogical += next.logicalBytes();
                sent += next.sent();
            }
            long storedAfterTen = storedBytes(objects);
            System.out.printf("uploads #2-#10: %.1f MB logical in %.2f s = %.1f MB/s (%d blobs sent)%n",
                    uploadLogical / 1e6, uploadSeconds, uploadLogical / 1e6 / uploadSeconds, sent);
            System.out.printf("10 snapshots: logical %.1f MB, stored %.1f MB, dedup ratio %.2f%n", logical / 1e6,
                    storedAfterTen / 1e6, (double) logical / storedAfterTen);
        }
        finally {
            deleteTree(restoreRoot);
            deleteTree(pgdata);
        }
    }

    private static EmbeddedPostgres start(Path pgdata) throws IOException {
        return EmbeddedPostgres.builder()
            .setDataDirectory(pgdata)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    }

    private static void load(EmbeddedPostgres pg, Path pagila) throws Exception {
        try (Connection connection = pg.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(pagila.resolve("pagila-schema.sql")));
            PGConnection copy = connection.unwrap(PGConnection.class);
            try (BufferedReader lines = Files.newBufferedReader(pagila.resolve("pagila-data.sql"))) {
                StringBuilder sql = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
                        StringBuilder data = new StringBuilder();
                        String row;
                        while ((row = lines.readLine()) != null && !row.equals("\\.")) {
                            data.append(row).append('\n');
                        }
                        copy.getCopyAPI().copyIn(line.substring(0, line.length() - 1),
                                new StringReader(data.toString()));
                    }
                    else if (!line.startsWith("--") && !line.isBlank()) {
                        sql.append(line).append('\n');
                        if (line.endsWith(";")) {
                            statement.execute(sql.toString());
                            sql.setLength(0);
                        }
                    }
                }
            }
            statement.execute("checkpoint");
        }
    }

    private static ConfigurableApplicationContext startService() {
        ServiceDatabase database = TestControlPlane.get().provision("snapshots", UUID.randomUUID().toString());
        S3ProxyFixture s3 = S3ProxyFixture.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.flyway.default-schema", database.schema());
        properties.put("spring.flyway.schemas", database.schema());
        properties.put("taidon.security.jwk-set-uri", io.taidon.platform.test.TestTokenIssuer.get().jwkSetUri());
        properties.put("taidon.security.issuer", io.taidon.platform.test.TestTokenIssuer.ISSUER);
        properties.put("taidon.audit.relay-enabled", "false");
        // user-profile is not started here: a stand-in answers the quota checks (no limits) and the service token
        io.taidon.platform.test.QuotaStub quotas = new io.taidon.platform.test.QuotaStub();
        properties.put("taidon.service-client.services.user-profile", quotas.url());
        properties.put("taidon.service-client.token-uri", quotas.url() + "/oauth2/token");
        properties.put("taidon.service-client.client-id", "benchmark");
        properties.put("taidon.service-client.client-secret", "benchmark");
        properties.put("taidon.snapshot-cache.retention.enabled", "false");
        properties.put("taidon.snapshot-cache.s3.endpoint", s3.endpoint());
        properties.put("taidon.snapshot-cache.s3.access-key", s3.accessKey());
        properties.put("taidon.snapshot-cache.s3.secret-key", s3.secretKey());
        properties.put("taidon.snapshot-cache.s3.bucket", "bench-" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("logging.level.root", "WARN");
        // command-line arguments outrank application.yml
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
        return new SpringApplication(SnapshotCacheApplication.class).run(args);
    }

    private static Capture capture(String base, String owner, Path pgdata, String kind) throws Exception {
        long start = System.nanoTime();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(pgdata)) {
            paths = walk.filter(Files::isRegularFile)
                .filter(p -> !SKIPPED.contains(p.getFileName().toString()))
                .sorted()
                .toList();
        }
        List<Map<String, Object>> files = new ArrayList<>();
        Map<String, Path> bySha = new LinkedHashMap<>();
        long logical = 0;
        for (Path path : paths) {
            String sha = sha256(path);
            long size = Files.size(path);
            logical += size;
            bySha.putIfAbsent(sha, path);
            files.add(Map.of("path", pgdata.relativize(path).toString(), "mode", mode(path), "size", size, "sha256",
                    sha));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("kind", kind);
        body.put("engineVersion", "18");
        body.put("idempotencyKey", UUID.randomUUID().toString());
        body.put("files", files);
        JsonNode opened = json(send(base, "POST", "/internal/snapshots/uploads",
                HttpRequest.BodyPublishers.ofByteArray(SnapshotApi.JSON.writeValueAsBytes(body)), 201));
        String uploadId = opened.get("uploadId").asString();
        List<Callable<Object>> puts = new ArrayList<>();
        for (JsonNode missing : opened.get("missing")) {
            puts.add(() -> send(base, "PUT", "/internal/snapshots/uploads/" + uploadId + "/blobs/"
                    + missing.asString(), HttpRequest.BodyPublishers.ofFile(bySha.get(missing.asString())), 201));
        }
        runAll(puts);
        int sent = puts.size();
        JsonNode committed = json(send(base, "POST", "/internal/snapshots/uploads/" + uploadId + "/commit",
                HttpRequest.BodyPublishers.noBody(), 201));
        return new Capture(committed.get("snapshotId").asString(), paths.size(), logical,
                (System.nanoTime() - start) / 1e9, sent);
    }

    private static long restore(String base, String snapshotId, Path target) throws Exception {
        JsonNode manifest = json(send(base, "GET", "/internal/snapshots/" + snapshotId + "/manifest",
                HttpRequest.BodyPublishers.noBody(), 200));
        AtomicLong bytes = new AtomicLong();
        List<Callable<Object>> gets = new ArrayList<>();
        for (JsonNode file : manifest.get("files")) {
            Path out = target.resolve(file.get("path").asString());
            Files.createDirectories(out.getParent());
            gets.add(() -> {
                HttpResponse<Path> response = HTTP.send(request(base, "GET", "/internal/snapshots/" + snapshotId
                        + "/blobs/" + file.get("sha256").asString(), HttpRequest.BodyPublishers.noBody()),
                        HttpResponse.BodyHandlers.ofFile(out));
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("restore of " + out + " answered " + response.statusCode());
                }
                return bytes.addAndGet(Files.size(out));
            });
        }
        runAll(gets);
        return bytes.get();
    }

    /** Runs the transfers {@link #PARALLEL} at a time, as a capture or restore client would. */
    private static void runAll(List<Callable<Object>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            for (Future<Object> done : pool.invokeAll(tasks)) {
                done.get();
            }
        }
    }

    private static long storedBytes(ObjectStore objects) {
        return objects.list(BlobStore.PREFIX).stream().mapToLong(ObjectStore.StoredObject::size).sum()
                + objects.list("manifests/").stream().mapToLong(ObjectStore.StoredObject::size).sum();
    }

    private static byte[] send(String base, String method, String path, HttpRequest.BodyPublisher body,
            int expected) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(request(base, method, path, body),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static HttpRequest request(String base, String method, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(base + path))
            .method(method, body)
            .header("Authorization", "Bearer " + SnapshotApi.serviceToken())
            .header("Content-Type", path.contains("/blobs/") ? "application/octet-stream" : "application/json")
            .build();
    }

    private static JsonNode json(byte[] body) {
        return SnapshotApi.JSON.readTree(body);
    }

    private static String sha256(Path path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static int mode(Path path) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private record Capture(String snapshotId, int files, long logicalBytes, double seconds, int sent) {
    }
}
