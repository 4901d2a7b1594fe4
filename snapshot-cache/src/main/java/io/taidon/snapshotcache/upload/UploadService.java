package io.taidon.snapshotcache.upload;

import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.snapshotcache.client.profile.UserProfileClient;
import io.taidon.snapshotcache.config.SnapshotCacheProperties;
import io.taidon.snapshotcache.manifest.Manifest;
import io.taidon.snapshotcache.manifest.ManifestFile;
import io.taidon.snapshotcache.manifest.ManifestStore;
import io.taidon.snapshotcache.snapshot.SnapshotRecord;
import io.taidon.snapshotcache.snapshot.SnapshotService;
import io.taidon.snapshotcache.storage.BlobStore;
import io.taidon.snapshotcache.upload.UploadRequests.BlobResponse;
import io.taidon.snapshotcache.upload.UploadRequests.CommitResponse;
import io.taidon.snapshotcache.upload.UploadRequests.CreateUploadRequest;
import io.taidon.snapshotcache.upload.UploadRequests.UploadResponse;

/**
 * The upload protocol: open an upload with the file list and learn which blobs are missing, stream only those
 * (each verified against its SHA-256 before it becomes visible), then commit: every blob must be stored, the signed
 * manifest is written, and only then the metadata row makes the snapshot visible. One idempotency key (per owner)
 * leads to exactly one snapshot however often the client retries.
 */
@Service
class UploadService {

    private static final Set<String> KINDS = Set.of(SnapshotRecord.CHAIN, SnapshotRecord.NAMED, SnapshotRecord.AUTO,
            SnapshotRecord.ARCHIVE);

    private static final Pattern CHAIN_HASH = Pattern.compile("[0-9a-f]{64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final TypeReference<List<ManifestFile>> FILES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final BlobStore blobs;

    private final ManifestStore manifests;

    private final SnapshotService snapshots;

    private final JsonMapper json = JsonMapper.builder().build();

    private final SnapshotCacheProperties properties;

    private final UserProfileClient quotas;

    private final Counter uploadBytes;

    UploadService(JdbcClient jdbc, TransactionTemplate transactions, BlobStore blobs, ManifestStore manifests,
            SnapshotService snapshots, SnapshotCacheProperties properties, UserProfileClient quotas,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.quotas = quotas;
        this.transactions = transactions;
        this.blobs = blobs;
        this.manifests = manifests;
        this.snapshots = snapshots;
        this.properties = properties;
        this.uploadBytes = Counter.builder("taidon.snapshot.upload.bytes")
            .description("Uncompressed blob bytes received by uploads")
            .baseUnit("bytes")
            .register(meters);
    }

    /**
     * @param request the snapshot to upload
     * @return the upload and the blobs to send; {@code created} false when the key was seen before
     */
    Opened open(CreateUploadRequest request) {
        validate(request);
        Optional<UploadRow> existing = findByKey(request.owner(), request.idempotencyKey());
        if (existing.isPresent()) {
            return new Opened(answer(existing.get()), false);
        }
        String id = "up_" + randomHex(12);
        Instant now = Instant.now();
        try {
            this.transactions.executeWithoutResult(status -> {
                this.jdbc.sql("""
                        insert into upload (id, owner, kind, name, chain_hash, parent_id, engine_version,
                            idempotency_key, files, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, request.owner(), request.kind(), request.name(), request.chainHash(),
                            request.parentId(), request.engineVersion(), request.idempotencyKey(),
                            this.json.writeValueAsString(request.files()), Timestamp.from(now),
                            Timestamp.from(now.plus(this.properties.upload().expiry())))
                    .update();
                for (String sha256 : distinctBlobs(request.files())) {
                    this.jdbc.sql("insert into upload_blob (upload_id, sha256) values (?, ?)").params(id, sha256)
                        .update();
                }
            });
        }
        catch (DuplicateKeyException raced) {
            return new Opened(answer(findByKey(request.owner(), request.idempotencyKey()).orElseThrow()), false);
        }
        return new Opened(answer(findById(id).orElseThrow()), true);
    }

    /**
     * Streams one blob of an open upload into the store.
     *
     * @param uploadId the upload
     * @param sha256 a blob its file list names
     * @param raw the uncompressed bytes
     * @return sizes, and whether the blob was stored by this call
     */
    Received receive(String uploadId, String sha256, InputStream raw) {
        BlobStore.requireSha256(sha256);
        UploadRow upload = openUpload(uploadId);
        boolean listed = this.jdbc.sql("select count(*) from upload_blob where upload_id = ? and sha256 = ?")
            .params(upload.id(), sha256)
            .query(Long.class)
            .single() > 0;
        if (!listed) {
            throw NotFoundException.forId("blob of upload " + uploadId, sha256);
        }
        OptionalLong stored = this.blobs.storedSize(sha256);
        if (stored.isPresent()) {
            return new Received(new BlobResponse(sha256, 0, stored.getAsLong()), false);
        }
        BlobStore.Written written = this.blobs.write(sha256, raw);
        this.uploadBytes.increment(written.size());
        this.jdbc.sql("""
                insert into blob (sha256, size, stored_size, created_at) values (?, ?, ?, ?)
                on conflict (sha256) do update set size = excluded.size, stored_size = excluded.stored_size""")
            .params(sha256, written.size(), written.storedSize(), Timestamp.from(Instant.now()))
            .update();
        return new Received(new BlobResponse(sha256, written.size(), written.storedSize()), true);
    }

    /**
     * Commits an upload: verifies every blob is stored, writes the signed manifest, then makes the snapshot
     * visible. Committing twice answers the same snapshot.
     *
     * @param uploadId the upload
     * @return the snapshot, and whether this call created it
     */
    Committed commit(String uploadId) {
        try {
            return commitOnce(uploadId);
        }
        catch (DataIntegrityViolationException raced) {
            // another upload committed the same chain hash at the same moment: this one now finds it
            return commitOnce(uploadId);
        }
    }

    private Committed commitOnce(String uploadId) {
        Committed committed = this.transactions.execute(status -> {
            UploadRow upload = this.jdbc.sql("select * from upload where id = ? for update")
                .param(uploadId)
                .query(UploadRow.class)
                .optional()
                .orElseThrow(() -> NotFoundException.forId("upload", uploadId));
            if (upload.snapshotId() != null) {
                return new Committed(existing(upload.snapshotId()), false);
            }
            if (upload.expired()) {
                throw NotFoundException.forId("upload", uploadId);
            }
            List<ManifestFile> files = this.json.readValue(upload.files(), FILES);
            Set<String> distinct = distinctBlobs(files);
            Map<String, Long> storedSizes = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            Map<String, OptionalLong> found = this.blobs.storedSizes(distinct);
            for (String sha256 : distinct) {
                OptionalLong size = found.get(sha256);
                if (size != null && size.isPresent()) {
                    storedSizes.put(sha256, size.getAsLong());
                }
                else {
                    missing.add(sha256);
                }
            }
            if (!missing.isEmpty()) {
                throw new ConflictException("blobs-missing", missing.size() + " blob(s) are not stored yet, e.g. "
                        + missing.getFirst() + "; upload them before committing.");
            }
            if (SnapshotRecord.CHAIN.equals(upload.kind()) && upload.chainHash() != null) {
                Optional<SnapshotRecord> built = this.snapshots.findChainSnapshot(upload.chainHash());
                if (built.isPresent()) {
                    finish(upload, built.get().id());
                    return new Committed(toResponse(built.get()), false);
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String snapshotId = "s_" + randomHex(12);
            long logicalSize = files.stream().mapToLong(ManifestFile::size).sum();
            long storedSize = storedSizes.values().stream().mapToLong(Long::longValue).sum();
            requireQuota(upload, storedSize);
            this.manifests.write(new Manifest(Manifest.FORMAT_VERSION, snapshotId, upload.owner(), upload.kind(),
                    upload.engineVersion(), upload.parentId(), now.toString(), upload.chainHash(), files,
                    logicalSize, null));
            SnapshotRecord snapshot = new SnapshotRecord(snapshotId, upload.owner(), upload.kind(), upload.name(),
                    upload.chainHash(), upload.parentId(), upload.engineVersion(), logicalSize, storedSize, now, now,
                    false);
            this.snapshots.register(snapshot, distinct, storedSizes);
            finish(upload, snapshotId);
            return new Committed(toResponse(snapshot), true);
        });
        if (committed == null) {
            throw new IllegalStateException("commit returned nothing");
        }
        return committed;
    }

    // a user's own snapshots count against their quotas; chain snapshots are shared and bounded by eviction instead
    private void requireQuota(UploadRow upload, long storedSize) {
        boolean named = SnapshotRecord.NAMED.equals(upload.kind());
        if (!named && !SnapshotRecord.AUTO.equals(upload.kind())) {
            return;
        }
        SnapshotService.Usage usage = this.snapshots.usage(upload.owner());
        if (named) {
            this.quotas.requireRoom(upload.owner(), UserProfileClient.NAMED_SNAPSHOTS, usage.namedSnapshots(), 1);
        }
        this.quotas.requireRoom(upload.owner(), UserProfileClient.SNAPSHOT_STORAGE_BYTES, usage.storedBytes(),
                storedSize);
    }

    private void finish(UploadRow upload, String snapshotId) {
        this.jdbc.sql("update upload set snapshot_id = ? where id = ?").params(snapshotId, upload.id()).update();
        this.jdbc.sql("delete from upload_blob where upload_id = ?").param(upload.id()).update();
        if (upload.chainHash() != null && SnapshotRecord.CHAIN.equals(upload.kind())) {
            this.jdbc.sql("delete from build_lease where chain_hash = ?").param(upload.chainHash()).update();
        }
    }

    private CommitResponse existing(String snapshotId) {
        return this.snapshots.find(snapshotId).map(UploadService::toResponse)
            // committed, then deleted (by its owner or retention): the key's snapshot is gone
            .orElseThrow(() -> NotFoundException.forId("snapshot", snapshotId));
    }

    private static CommitResponse toResponse(SnapshotRecord s) {
        return new CommitResponse(s.id(), s.kind(), s.chainHash(), s.logicalSize(), s.storedSize(), s.createdAt());
    }

    private UploadResponse answer(UploadRow upload) {
        if (upload.snapshotId() != null) {
            return new UploadResponse(upload.id(), List.of(), upload.snapshotId());
        }
        List<String> shas = this.jdbc.sql("select sha256 from upload_blob where upload_id = ? order by sha256")
            .param(upload.id())
            .query(String.class)
            .list();
        Map<String, OptionalLong> found = this.blobs.storedSizes(shas);
        List<String> missing = shas.stream().filter(sha -> found.get(sha).isEmpty()).toList();
        return new UploadResponse(upload.id(), missing, null);
    }

    private UploadRow openUpload(String uploadId) {
        UploadRow upload = findById(uploadId).orElseThrow(() -> NotFoundException.forId("upload", uploadId));
        if (upload.snapshotId() != null) {
            throw new ConflictException("upload-committed", "Upload " + uploadId + " is already committed.");
        }
        if (upload.expired()) {
            throw NotFoundException.forId("upload", uploadId);
        }
        return upload;
    }

    private Optional<UploadRow> findById(String id) {
        return this.jdbc.sql("select * from upload where id = ?").param(id).query(UploadRow.class).optional();
    }

    private Optional<UploadRow> findByKey(String owner, String key) {
        return this.jdbc.sql("select * from upload where owner = ? and idempotency_key = ?")
            .params(owner, key)
            .query(UploadRow.class)
            .optional();
    }

    private static Set<String> distinctBlobs(List<ManifestFile> files) {
        Set<String> distinct = new LinkedHashSet<>();
        for (ManifestFile file : files) {
            distinct.add(file.sha256());
        }
        return distinct;
    }

    private static void validate(CreateUploadRequest request) {
        require(request.owner() != null && !request.owner().isBlank() && request.owner().length() <= 200,
                "owner is required (at most 200 characters).");
        require(request.kind() != null && KINDS.contains(request.kind()),
                "kind is one of chain, named, auto, archive.");
        require(request.engineVersion() != null && request.engineVersion().matches("[0-9A-Za-z._-]{1,40}"),
                "engineVersion is required, e.g. 18.");
        require(request.idempotencyKey() != null && !request.idempotencyKey().isBlank()
                && request.idempotencyKey().length() <= 200, "idempotencyKey is required (at most 200 characters).");
        if (SnapshotRecord.CHAIN.equals(request.kind())) {
            require(request.chainHash() != null && CHAIN_HASH.matcher(request.chainHash()).matches(),
                    "a chain snapshot needs its chainHash (64 lower-case hex digits).");
        }
        else if (SnapshotRecord.NAMED.equals(request.kind())) {
            // a save records the chain hash of the run it holds (never looked up as a cache point)
            require(request.chainHash() == null || CHAIN_HASH.matcher(request.chainHash()).matches(),
                    "a named snapshot's chainHash is 64 lower-case hex digits.");
        }
        else {
            require(request.chainHash() == null, "only chain and named snapshots have a chainHash.");
        }
        require(request.files() != null, "files is required.");
        Set<String> paths = new java.util.HashSet<>();
        for (ManifestFile file : request.files()) {
            require(file.path() != null && !file.path().isBlank() && !file.path().startsWith("/")
                    && !List.of(file.path().split("/")).contains("..") && paths.add(file.path()),
                    "every file has a distinct relative path without '..'.");
            require(file.size() >= 0 && file.mode() >= 0 && file.mode() <= 07777,
                    "file sizes are not negative and modes are permission bits.");
            BlobStore.requireSha256(file.sha256() == null ? "" : file.sha256());
        }
    }

    private static void require(boolean condition, String detail) {
        if (!condition) {
            throw new InvalidRequestException("invalid-upload", detail);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * @param response the answer
     * @param created whether the upload was opened by this call
     */
    record Opened(UploadResponse response, boolean created) {
    }

    /**
     * @param response the answer
     * @param created whether this call stored the blob
     */
    record Received(BlobResponse response, boolean created) {
    }

    /**
     * @param response the answer
     * @param created whether this call made the snapshot visible
     */
    record Committed(CommitResponse response, boolean created) {
    }

    /** A row of {@code upload}. */
    record UploadRow(String id, String owner, String kind, @Nullable String name, @Nullable String chainHash,
            @Nullable String parentId, String engineVersion, String idempotencyKey, String files,
            OffsetDateTime createdAt, OffsetDateTime expiresAt, @Nullable String snapshotId) {

        boolean expired() {
            return this.expiresAt.toInstant().isBefore(Instant.now());
        }
    }
}
