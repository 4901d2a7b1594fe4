package io.taidon.snapshotcache;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import io.taidon.platform.test.Contract;
import io.taidon.platform.test.QuotaStub;
import io.taidon.platform.test.TestControlPlane;
import io.taidon.platform.test.TestTokenIssuer;
import io.taidon.snapshotcache.SnapshotApi.Answer;
import io.taidon.snapshotcache.manifest.ManifestStore;
import io.taidon.snapshotcache.retention.RetentionService;
import io.taidon.snapshotcache.storage.BlobStore;
import io.taidon.snapshotcache.storage.ObjectStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot store against a real S3 server (S3Proxy on loopback) and the real control-plane PostgreSQL, driven
 * over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SnapshotStoreIT {

    private static final Random RANDOM = new Random(42);

    @LocalServerPort
    private int port;

    @Autowired
    private ObjectStore objects;

    @Autowired
    private RetentionService retention;

    @Autowired
    private JdbcClient jdbc;

    private static final QuotaStub QUOTAS = new QuotaStub();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        QUOTAS.register(registry);
        TestControlPlane.register(registry, "snapshots");
        TestTokenIssuer.register(registry);
        S3ProxyFixture.register(registry, "store-it");
        registry.add("taidon.audit.relay-enabled", () -> "false");
        registry.add("taidon.snapshot-cache.retention.enabled", () -> "false");
        registry.add("taidon.snapshot-cache.retention.gc-grace-period", () -> "0s");
        registry.add("taidon.snapshot-cache.chain-cache.lease-duration", () -> "2m");
    }

    private SnapshotApi api() {
        return new SnapshotApi(this.port);
    }

    /**
     * The chain cache as sql-runner's {@code ChainSnapshotStub} plays it
     * ({@code contracts/snapshot-cache/chain-cache.json}), replayed against the real controller.
     */
    @Test
    void shouldAnswerTheChainCacheContractChainSnapshotStubPlaysWhenSqlRunnerCalls() {
        Contract.load("snapshot-cache", "chain-cache").verify("http://127.0.0.1:" + this.port, Map.of(
                "chainHash", randomChainHash(), "deeperChainHash", randomChainHash(),
                "serviceToken", TestTokenIssuer.get().serviceToken("sql-runner")));
    }

    private static String randomChainHash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Test
    void shouldStoreTheSameFileInTwoSnapshotsOnce() {
        byte[] shared = text("shared relation file", 200_000);
        String sha = SnapshotApi.sha256(shared);
        String first = api().upload(user(), "named", files("base/1/100", shared, "base/1/101", text("a", 1000)),
                null, null);

        Answer second = api().open(user(), "named", UUID.randomUUID().toString(),
                files("base/1/100", shared, "base/1/102", text("b", 1000)), null, null);
        second.expect(201);
        List<String> missing = strings(second.json().get("missing"));
        assertThat(missing).doesNotContain(sha).hasSize(1);
        assertThat(this.objects.list(BlobStore.PREFIX).stream().filter(o -> o.key().endsWith(sha))).hasSize(1);
        assertThat(first).startsWith("s_");
    }

    @Test
    void shouldRefuseASnapshotOverTheUsersQuotasAndShowNothing() {
        String owner = user();
        try {
            api().upload(owner, "named", files("base/1/1", text("quota first", 20_000)), null, null);
            QUOTAS.limit("named-snapshots", 1);
            assertThat(commitFails(owner, "named", files("base/1/2", text("quota second", 20_000))))
                .contains("https://taidon.io/problems/quota-exceeded");
            QUOTAS.unlimited();
            QUOTAS.limit("snapshot-storage-bytes", 1);
            assertThat(commitFails(owner, "auto", files("base/1/3", text("quota third", 20_000))))
                .contains("https://taidon.io/problems/quota-exceeded");
        }
        finally {
            QUOTAS.unlimited();
        }
        assertThat(api().get("/api/snapshots", SnapshotApi.userToken(owner)).expect(200).json()).hasSize(1);
        assertThat(QUOTAS.checks()).anyMatch(check -> check.contains(owner + "/quota-checks named-snapshots 1+1"))
            .anyMatch(check -> check.contains(owner + "/quota-checks snapshot-storage-bytes"));
    }

    private String commitFails(String owner, String kind, Map<String, byte[]> files) {
        Answer opened = api().open(owner, kind, UUID.randomUUID().toString(), files, null, null).expect(201);
        String uploadId = opened.json().get("uploadId").asString();
        for (byte[] content : files.values()) {
            api().putBlob(uploadId, content);
        }
        Answer refused = api().commit(uploadId);
        assertThat(refused.status()).isEqualTo(403);
        return new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldStoreAHundredSnapshotsOfTheSameDatabaseInAboutOneSnapshotsBytes() {
        Map<String, byte[]> database = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            database.put("base/5/" + (16384 + i), text("table " + i + " row", 500_000 + i * 50_000));
        }
        Set<String> shas = database.values().stream().map(SnapshotApi::sha256).collect(Collectors.toSet());
        String owner = user();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(api().upload(owner, "named", database, null, null));
        }
        assertThat(Set.copyOf(ids)).hasSize(100);
        long blobBytes = this.objects.list(BlobStore.PREFIX)
            .stream()
            .filter(o -> shas.contains(BlobStore.sha256Of(o.key())))
            .mapToLong(ObjectStore.StoredObject::size)
            .sum();
        long manifestBytes = this.objects.list("manifests/")
            .stream()
            .filter(o -> ids.stream().anyMatch(id -> o.key().equals(ManifestStore.key(id))))
            .mapToLong(ObjectStore.StoredObject::size)
            .sum();
        long oneSnapshot = blobBytes + manifestBytes / 100;
        long logical = database.values().stream().mapToLong(b -> b.length).sum() * 100;
        System.out.printf("100 snapshots: logical %d B, stored %d B (blobs %d + manifests %d), one snapshot %d B%n",
                logical, blobBytes + manifestBytes, blobBytes, manifestBytes, oneSnapshot);
        assertThat(this.objects.list(BlobStore.PREFIX).stream().filter(o -> shas.contains(BlobStore.sha256Of(o.key()))))
            .hasSize(shas.size());
        assertThat(blobBytes + manifestBytes).isLessThanOrEqualTo((long) (oneSnapshot * 1.2));
    }

    @Test
    void shouldShowNoSnapshotAfterACutUploadAndExactlyOneAfterTheRetry() throws Exception {
        String owner = user();
        String key = "capture-" + UUID.randomUUID();
        byte[] big = random(3 * 1024 * 1024);
        byte[] small = text("pg_control", 8192);
        Map<String, byte[]> files = files("base/1/big", big, "global/pg_control", small);
        Answer opened = api().open(owner, "named", key, files, null, null).expect(201);
        String uploadId = opened.json().get("uploadId").asString();
        api().putBlob(uploadId, small).expect(201);

        // send the headers and a third of the body, then cut the connection
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
            OutputStream out = socket.getOutputStream();
            String head = "PUT /internal/snapshots/uploads/" + uploadId + "/blobs/" + SnapshotApi.sha256(big)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SnapshotApi.serviceToken()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + big.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(big, 0, big.length / 3);
            out.flush();
            socket.setSoLinger(true, 0);
        }

        assertThat(api().commit(uploadId).status()).isEqualTo(409);
        assertThat(api().get("/api/snapshots", SnapshotApi.userToken(owner)).expect(200).json()).isEmpty();
        assertThat(this.objects.stat(BlobStore.key(SnapshotApi.sha256(big)))).isEmpty();

        Answer reopened = api().open(owner, "named", key, files, null, null).expect(200);
        assertThat(reopened.json().get("uploadId").asString()).isEqualTo(uploadId);
        assertThat(strings(reopened.json().get("missing"))).containsExactly(SnapshotApi.sha256(big));
        api().putBlob(uploadId, big).expect(201);
        String snapshotId = api().commit(uploadId).expect(201).json().get("snapshotId").asString();
        assertThat(api().commit(uploadId).expect(200).json().get("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(api().open(owner, "named", key, files, null, null).expect(200).json().get("snapshotId").asString())
            .isEqualTo(snapshotId);

        Answer listed = api().get("/api/snapshots", SnapshotApi.userToken(owner)).expect(200);
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.json().get(0).get("id").asString()).isEqualTo(snapshotId);
        Answer restored = api().get("/internal/snapshots/" + snapshotId + "/blobs/" + SnapshotApi.sha256(big),
                SnapshotApi.serviceToken())
            .expect(200);
        assertThat(restored.body()).isEqualTo(big);
    }

    @Test
    void shouldRefuseABlobWithAFlippedByte() throws Exception {
        byte[] content = text("corruptible " + UUID.randomUUID(), 50_000);
        String sha = SnapshotApi.sha256(content);
        String id = api().upload(user(), "named", files("base/1/7", content), null, null);
        api().get("/internal/snapshots/" + id + "/blobs/" + sha, SnapshotApi.serviceToken()).expect(200);

        byte[] stored = readObject(BlobStore.key(sha));
        stored[stored.length / 2] ^= 0x01;
        this.objects.put(BlobStore.key(sha), stored, "application/zstd");

        Answer refused = api().get("/internal/snapshots/" + id + "/blobs/" + sha, SnapshotApi.serviceToken());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("https://taidon.io/problems/snapshot-corrupt");
        assertThat(auditFailures(id)).isPositive();
    }

    @Test
    void shouldRefuseATamperedUnsignedOrFlippedManifest() throws Exception {
        String id = api().upload(user(), "named", files("base/1/8", text("m", 4000)), null, null);
        api().get("/internal/snapshots/" + id + "/manifest", SnapshotApi.serviceToken()).expect(200);
        String original = new String(readObject(ManifestStore.key(id)), StandardCharsets.UTF_8);
        assertThat(original).contains("\"mode\":384");

        this.objects.put(ManifestStore.key(id), original.replace("\"mode\":384", "\"mode\":511")
            .getBytes(StandardCharsets.UTF_8), "application/json");
        assertCorrupt(id);

        tools.jackson.databind.node.ObjectNode unsigned = (tools.jackson.databind.node.ObjectNode) SnapshotApi.JSON
            .readTree(original);
        unsigned.remove("signature");
        this.objects.put(ManifestStore.key(id), SnapshotApi.JSON.writeValueAsBytes(unsigned), "application/json");
        assertCorrupt(id);

        byte[] flipped = original.getBytes(StandardCharsets.UTF_8);
        flipped[flipped.length / 3] ^= 0x04;
        this.objects.put(ManifestStore.key(id), flipped, "application/json");
        assertCorrupt(id);

        this.objects.put(ManifestStore.key(id), original.getBytes(StandardCharsets.UTF_8), "application/json");
        api().get("/internal/snapshots/" + id + "/manifest", SnapshotApi.serviceToken()).expect(200);
        assertThat(auditFailures(id)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldVerifyManifestsSignedBeforeARotationAndPublishBothKeys() {
        String id = api().upload(user(), "named", files("base/1/9", text("k", 3000)), null, null);
        api().send("POST", "/internal/snapshots/keys/rotate", SnapshotApi.serviceToken(),
                java.net.http.HttpRequest.BodyPublishers.noBody(), "application/json").expect(201);
        Answer keys = api().get("/api/snapshots/keys", null).expect(200);
        assertThat(keys.json().get("keys").size()).isGreaterThanOrEqualTo(2);
        assertThat(keys.json().get("keys").get(0).get("algorithm").asString()).isEqualTo("Ed25519");
        Answer manifest = api().get("/internal/snapshots/" + id + "/manifest", SnapshotApi.serviceToken()).expect(200);
        String newer = api().upload(user(), "named", files("base/1/10", text("k2", 3000)), null, null);
        Answer newerManifest = api().get("/internal/snapshots/" + newer + "/manifest", SnapshotApi.serviceToken())
            .expect(200);
        assertThat(newerManifest.json().get("signature").get("keyId").asString())
            .isNotEqualTo(manifest.json().get("signature").get("keyId").asString());
    }

    @Test
    void shouldAnswer404ForAnotherUsersSnapshotAndShowLineageToTheOwner() {
        String owner = user();
        String parent = api().upload(owner, "named", files("base/1/11", text("p", 2000)), null, null);
        String child = api().upload(owner, "named", files("base/1/11", text("c", 2000)), parent, null);

        String stranger = user();
        assertThat(api().get("/api/snapshots/" + child, SnapshotApi.userToken(stranger)).status()).isEqualTo(404);
        assertThat(api().delete("/api/snapshots/" + child, SnapshotApi.userToken(stranger)).status()).isEqualTo(404);
        assertThat(api().get("/api/snapshots", SnapshotApi.userToken(stranger)).expect(200).json()).isEmpty();

        assertThat(this.jdbc.sql("select count(*) from audit_outbox where action = 'snapshot.create' and actor = ?")
            .param(owner).query(Long.class).single()).isEqualTo(2);
        Answer own = api().get("/api/snapshots/" + child, SnapshotApi.userToken(owner)).expect(200);
        assertThat(own.json().get("parentId").asString()).isEqualTo(parent);
        assertThat(strings(own.json().get("lineage"))).containsExactly(parent);
        String sibling = api().upload(owner, "named", files("base/1/11", text("s", 2000)), parent, null);
        String grandchild = api().upload(owner, "named", files("base/1/11", text("g", 2000)), child, null);
        JsonNode tree = api().get("/api/snapshots/" + child + "/lineage", SnapshotApi.userToken(owner)).expect(200)
            .json();
        assertThat(tree.get("snapshotId").asString()).isEqualTo(child);
        assertThat(tree.get("root").get("id").asString()).isEqualTo(parent);
        assertThat(tree.get("root").get("children")).extracting(node -> node.get("id").asString())
            .containsExactly(child, sibling);
        assertThat(tree.get("root").get("children").get(0).get("children").get(0).get("id").asString())
            .isEqualTo(grandchild);
        assertThat(tree.get("truncated").asBoolean()).isFalse();
        assertThat(api().get("/api/snapshots/" + child + "/lineage", SnapshotApi.userToken(stranger)).status())
            .isEqualTo(404);
        api().delete("/api/snapshots/" + sibling, SnapshotApi.userToken(owner)).expect(204);
        api().delete("/api/snapshots/" + grandchild, SnapshotApi.userToken(owner)).expect(204);
        Answer usage = api().get("/internal/users/" + owner + "/usage", SnapshotApi.serviceToken()).expect(200);
        assertThat(usage.json().get("namedSnapshots").asLong()).isEqualTo(2);
        assertThat(usage.json().get("storedBytes").asLong()).isPositive();

        api().delete("/api/snapshots/" + parent, SnapshotApi.userToken(owner)).expect(204);
        assertThat(api().get("/api/snapshots/" + parent, SnapshotApi.userToken(owner)).status()).isEqualTo(404);
        api().delete("/internal/users/" + owner, SnapshotApi.serviceToken()).expect(204);
        // the erased owner's tokens are refused from the erasure on; nothing of the owner is left
        assertThat(api().get("/api/snapshots/" + child, SnapshotApi.userToken(owner)).status()).isEqualTo(401);
        assertThat(api().get("/internal/users/" + owner + "/usage", SnapshotApi.serviceToken()).expect(200).json()
            .get("namedSnapshots").asLong()).isZero();
        assertThat(this.objects.stat(ManifestStore.key(child))).isEmpty();
    }

    @Test
    void shouldLeaseAChainHashToOneBuilderAndServeTheDeepestHit() {
        String h1 = hash();
        String h2 = hash();
        String h3 = hash();
        Answer lease = api().postJson("/internal/chain-cache/builds/" + h2, SnapshotApi.serviceToken(), Map.of())
            .expect(201);
        assertThat(lease.json().get("leaseId").asString()).startsWith("l_");
        Answer busy = api().postJson("/internal/chain-cache/builds/" + h2, SnapshotApi.serviceToken(), Map.of());
        assertThat(busy.status()).isEqualTo(423);
        assertThat(busy.headers().get("retry-after")).isNotEmpty();
        assertThat(busy.text()).contains("build-in-progress");

        Answer miss = api().postJson("/internal/chain-cache/lookup", SnapshotApi.serviceToken(),
                Map.of("chainHashes", List.of(h1, h2, h3))).expect(200);
        assertThat(miss.json().get("hit").asBoolean()).isFalse();

        String snapshotId = api().upload(user(), "chain", files("base/1/12", text("chain", 5000)), null, h2);
        Answer hit = api().postJson("/internal/chain-cache/lookup", SnapshotApi.serviceToken(),
                Map.of("chainHashes", List.of(h1, h2, h3))).expect(200);
        assertThat(hit.json().get("hit").asBoolean()).isTrue();
        assertThat(hit.json().get("depth").asInt()).isEqualTo(2);
        assertThat(hit.json().get("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(hit.json().get("manifest").get("chainHash").asString()).isEqualTo(h2);

        Answer again = api().postJson("/internal/chain-cache/builds/" + h2, SnapshotApi.serviceToken(), Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("chain-snapshot-exists");
        api().postJson("/internal/chain-cache/builds/" + h3, SnapshotApi.serviceToken(), Map.of()).expect(201);

        String metrics = api().get("/actuator/prometheus", null).expect(200).text();
        assertThat(metrics).containsPattern("taidon_snapshot_cache_requests_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("taidon_snapshot_cache_requests_total\\{[^}]*result=\"miss\"[^}]*\\} [1-9]");
    }

    @Test
    void shouldEvictLeastRecentlyUsedChainSnapshotsWithinTheBudgetKeepingPinnedAndParents() {
        this.retention.evictChainSnapshots(0);
        String owner = user();
        String pinned = api().upload(owner, "chain", files("f", text("pinned", 30_000)), null, hash());
        api().send("PUT", "/internal/snapshots/" + pinned + "/pin", SnapshotApi.serviceToken(),
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"pinned\":true}"), "application/json")
            .expect(204);
        String parent = api().upload(owner, "chain", files("f", text("parent", 30_000)), null, hash());
        String child = api().upload(owner, "chain", files("f", text("child", 30_000)), parent, hash());
        String older = api().upload(owner, "chain", files("f", text("older", 30_000)), null, hash());
        String newer = api().upload(owner, "chain", files("f", text("newer", 30_000)), null, hash());

        assertThat(this.retention.evictChainSnapshots(chainBytes() - 1)).isEqualTo(1);
        assertThat(exists(child)).isFalse();
        assertThat(exists(pinned) && exists(parent) && exists(older) && exists(newer)).isTrue();

        api().send("POST", "/internal/snapshots/" + parent + "/in-use", SnapshotApi.serviceToken(),
                java.net.http.HttpRequest.BodyPublishers.noBody(), "application/json").expect(204);
        long budget = chainBytes() - 1;
        assertThat(this.retention.evictChainSnapshots(budget)).isEqualTo(1);
        assertThat(exists(older)).isFalse();
        assertThat(exists(pinned) && exists(parent) && exists(newer)).isTrue();
        assertThat(chainBytes()).isLessThanOrEqualTo(budget);

        this.retention.evictChainSnapshots(0);
        assertThat(exists(pinned)).isTrue();
        assertThat(exists(parent) || exists(newer)).isFalse();
    }

    @Test
    void shouldKeepTheLastAutomaticSnapshotsOfAUser() {
        String owner = user();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(api().upload(owner, "auto", files("f", text("auto " + i, 1000)), null, null));
        }
        String named = api().upload(owner, "named", files("f", text("named", 1000)), null, null);
        this.retention.pruneAutoSnapshots();
        assertThat(exists(ids.get(0)) || exists(ids.get(1))).isFalse();
        assertThat(ids.subList(2, 7).stream().allMatch(this::exists)).isTrue();
        assertThat(exists(named)).isTrue();
    }

    @Test
    void shouldCollectOnlyUnreferencedBlobs() {
        String owner = user();
        byte[] kept = text("kept " + UUID.randomUUID(), 10_000);
        byte[] dropped = text("dropped " + UUID.randomUUID(), 10_000);
        byte[] pending = text("pending " + UUID.randomUUID(), 10_000);
        api().upload(owner, "named", files("f", kept), null, null);
        String doomed = api().upload(owner, "named", files("f", dropped), null, null);
        api().delete("/api/snapshots/" + doomed, SnapshotApi.userToken(owner)).expect(204);
        Answer open = api().open(owner, "named", UUID.randomUUID().toString(), files("f", pending), null, null)
            .expect(201);
        api().putBlob(open.json().get("uploadId").asString(), pending).expect(201);

        assertThat(this.retention.collectGarbage()).isGreaterThanOrEqualTo(1);
        assertThat(this.objects.stat(BlobStore.key(SnapshotApi.sha256(dropped)))).isEmpty();
        assertThat(this.objects.stat(BlobStore.key(SnapshotApi.sha256(kept)))).isPresent();
        assertThat(this.objects.stat(BlobStore.key(SnapshotApi.sha256(pending)))).isPresent();
        api().commit(open.json().get("uploadId").asString()).expect(201);
    }

    @Test
    void shouldRefuseABlobWhoseBytesDoNotMatchItsAddress() {
        byte[] announced = text("announced", 1000);
        Answer open = api().open(user(), "named", UUID.randomUUID().toString(), files("f", announced), null, null)
            .expect(201);
        Answer refused = api().send("PUT", "/internal/snapshots/uploads/" + open.json().get("uploadId").asString()
                + "/blobs/" + SnapshotApi.sha256(announced), SnapshotApi.serviceToken(),
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(text("other", 1000)),
                "application/octet-stream");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("blob-hash-mismatch");
        assertThat(this.objects.stat(BlobStore.key(SnapshotApi.sha256(announced)))).isEmpty();
    }

    private void assertCorrupt(String id) {
        Answer refused = api().get("/internal/snapshots/" + id + "/manifest", SnapshotApi.serviceToken());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("https://taidon.io/problems/snapshot-corrupt");
    }

    private long auditFailures(String snapshotId) {
        return this.jdbc.sql("select count(*) from audit_outbox where action = 'snapshot.verify' "
                + "and outcome = 'failure' and object_id = ?").param(snapshotId).query(Long.class).single();
    }

    private boolean exists(String snapshotId) {
        return this.jdbc.sql("select count(*) from snapshot where id = ?").param(snapshotId).query(Long.class)
            .single() > 0;
    }

    private long chainBytes() {
        return this.jdbc.sql("select coalesce(sum(stored_size), 0) from snapshot where kind = 'chain'")
            .query(Long.class)
            .single();
    }

    private byte[] readObject(String key) throws Exception {
        try (InputStream in = this.objects.get(key)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, byte[]> files(Object... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put((String) pathsAndContents[i], (byte[]) pathsAndContents[i + 1]);
        }
        return files;
    }

    private static List<String> strings(tools.jackson.databind.JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }

    /** Text-like content with a realistic amount of redundancy (zstd shrinks it but not to nothing). */
    static byte[] text(String seed, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        Random random = new Random(seed.hashCode());
        while (out.size() < size) {
            String line = seed + "|" + random.nextInt(100_000) + "|" + Long.toHexString(random.nextLong()) + "\n";
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        return java.util.Arrays.copyOf(bytes, size);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String hash() {
        return SnapshotApi.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String user() {
        return "u_local_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
