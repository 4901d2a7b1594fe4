package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.taidon.envmanager.client.profile.UserProfileClient;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.CreateUpload;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Upload;
import io.taidon.envmanager.hardening.SandboxHardening;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.sandbox.SandboxService;
import io.taidon.envmanager.sandbox.SandboxView;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.QuotaExceededException;

/**
 * Capture: a consistent PGDATA streamed file by file to snapshot-cache.
 * <ol>
 * <li>Under the sandbox's lock, with a superuser connection: for a chain snapshot the learner database is parked
 * ({@code taidon_capture_learner}) and replaced by a clone of the layer of that chain hash, so the snapshot holds
 * the state at the chain point, not whatever ran after it; then {@code CHECKPOINT}.</li>
 * <li>Fast shutdown (a clean shutdown checkpoint: no recovery needed on restore).</li>
 * <li>Walk PGDATA ({@link PgdataFiles}): layers ({@code layer_*}), spare clones ({@code spare_*}) and the parked
 * database are not carried — their {@code base/<oid>} directories are skipped and restore drops their catalog
 * entries — so a snapshot holds the learner's state only and the user's hot layers stay in their own sandbox.
 * Each file is hashed streaming; snapshot-cache says which blobs it lacks; only those are streamed.</li>
 * <li>For {@code chain} and {@code auto} snapshots (restored on this node next: new users, resume), the carried
 * files are also copied, still stopped, into the node-local {@link LocalSnapshotCache}, published under the
 * snapshot's id once committed (it boots with the source sandbox's superuser password, replaced on restore).</li>
 * <li>Restart (always), undo the parking, commit the upload.</li>
 * </ol>
 * The engine version goes into the manifest; restore refuses another major version.
 */
@Service
public class SnapshotCaptureService {

    /** Quota name at user-profile. */
    public static final String QUOTA = "named-snapshots";

    private static final Logger log = LoggerFactory.getLogger(SnapshotCaptureService.class);

    private static final Pattern CHAIN_HASH = Pattern.compile("[0-9a-f]{64}");

    private static final String PARKED = "taidon_capture_learner";

    private static final Set<String> KINDS = Set.of("chain", "named", "auto");

    private final SandboxService sandboxes;

    private final SandboxRuntime runtime;

    private final SnapshotCacheClient store;

    private final UserProfileClient profile;

    private final AuditRecorder audit;

    private final SnapshotRestore restore;

    SnapshotCaptureService(SandboxService sandboxes, SandboxRuntime runtime, SnapshotCacheClient store,
            UserProfileClient profile, AuditRecorder audit, SnapshotRestore restore) {
        this.restore = restore;
        this.sandboxes = sandboxes;
        this.runtime = runtime;
        this.store = store;
        this.profile = profile;
        this.audit = audit;
    }

    /**
     * A named snapshot of the caller's own sandbox ({@code POST /api/sandboxes/{id}/snapshots}), quota-checked.
     *
     * @param userId the caller
     * @param sandboxId the sandbox
     * @param name the snapshot's name
     * @return the new snapshot's id
     * @throws NotFoundException when the sandbox is not the caller's
     * @throws QuotaExceededException when the {@code named-snapshots} quota is used up
     */
    public String captureNamed(String userId, String sandboxId, @Nullable String name) {
        this.sandboxes.getForUser(sandboxId, userId);
        long current = this.store.namedSnapshots(userId);
        UserProfileClient.QuotaCheck quota = this.profile.checkQuota(userId, QUOTA, current);
        if (!quota.allowed()) {
            this.audit.record(userId, "snapshot.create", "snapshot", null, AuditEvent.DENIED);
            throw new QuotaExceededException(QUOTA, quota.limit());
        }
        return capture(sandboxId, "named", null, name, UUID.randomUUID().toString(), null);
    }

    /**
     * Captures a sandbox (service call).
     *
     * @param sandboxId the sandbox
     * @param kind {@code chain}, {@code named} or {@code auto}
     * @param chainHash for {@code chain}: the chain hash, whose layer must exist in the sandbox
     * @param name a name, or null
     * @param idempotencyKey the same key gives the same snapshot
     * @param metadata opaque UTF-8 text stored with the snapshot as {@value PgdataFiles#METADATA} (sql-runner's
     *        recorded results of a chain point), or null
     * @return the snapshot's id
     * @throws InvalidRequestException on a bad kind, chain hash or key
     * @throws ConflictException {@code layer-not-found} when a chain capture's layer is not in the sandbox
     */
    public String capture(String sandboxId, String kind, @Nullable String chainHash, @Nullable String name,
            String idempotencyKey, @Nullable String metadata) {
        if (!KINDS.contains(kind)) {
            throw new InvalidRequestException("invalid-snapshot-kind", "kind must be chain, named or auto.");
        }
        if ("chain".equals(kind) && (chainHash == null || !CHAIN_HASH.matcher(chainHash).matches())) {
            throw new InvalidRequestException("invalid-chain-hash", "A chain snapshot needs a 64-hex chainHash.");
        }
        if (idempotencyKey.isBlank()) {
            throw new InvalidRequestException("invalid-idempotency-key", "idempotencyKey is required.");
        }
        SandboxView sandbox = this.sandboxes.find(sandboxId);
        String layer = chainHash != null && "chain".equals(kind) ? "layer_" + chainHash.substring(0, 56) : null;
        Set<String> skipped = new HashSet<>();
        boolean[] parked = { false };
        LocalSnapshotCache.Staged[] staged = { null };
        String[] bootPassword = { null };
        Path metadataFile = metadata != null ? writeMetadata(metadata) : null;
        try {
            Upload upload = this.sandboxes.whileStopped(sandboxId, (admin, running) -> {
                if (layer != null) {
                    if (!databaseExists(admin, layer)) {
                        throw new ConflictException("layer-not-found",
                                "The sandbox holds no layer for chain hash " + chainHash + ".");
                    }
                    SandboxHardening.execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = 'learner' AND pid <> pg_backend_pid()",
                            "ALTER DATABASE learner RENAME TO " + PARKED,
                            "CREATE DATABASE learner OWNER learner TEMPLATE " + layer + " STRATEGY FILE_COPY",
                            "REVOKE ALL ON DATABASE learner FROM PUBLIC");
                    parked[0] = true;
                }
                skipped.addAll(leftOutDirectories(admin));
                SandboxHardening.execute(admin, "CHECKPOINT");
                return null;
            }, stopped -> {
                Upload sent = upload(stopped, sandbox, kind, chainHash, name, idempotencyKey, skipped, metadataFile);
                if (!"named".equals(kind)) {
                    // chain and auto snapshots are restored on this node next (new users, resume): keep a copy
                    staged[0] = this.restore.cache()
                        .stage(this.runtime.dataDirectory(stopped), relative -> PgdataFiles.carried(relative, skipped))
                        .orElse(null);
                    bootPassword[0] = this.sandboxes.superuserPassword(sandboxId);
                }
                return sent;
            },
                    (admin, running) -> {
                        if (parked[0]) {
                            SandboxHardening.execute(admin, "DROP DATABASE learner WITH (FORCE)",
                                    "ALTER DATABASE " + PARKED + " RENAME TO learner");
                        }
                        return null;
                    });
            String snapshotId = upload.snapshotId() != null ? upload.snapshotId()
                    : this.store.commit(upload.uploadId()).snapshotId();
            if (staged[0] != null && bootPassword[0] != null) {
                this.restore.cache().publish(staged[0], snapshotId, bootPassword[0],
                        "chain".equals(kind) ? chainHash : null, !"auto".equals(kind));
                staged[0] = null;
            }
            this.audit.record(sandbox.userId(), "snapshot.create", "snapshot", snapshotId, AuditEvent.SUCCESS);
            return snapshotId;
        }
        catch (RuntimeException ex) {
            this.audit.record(sandbox.userId(), "snapshot.create", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw ex;
        }
        finally {
            if (staged[0] != null) {
                this.restore.cache().discard(staged[0]);
            }
            if (metadataFile != null) {
                try {
                    Files.deleteIfExists(metadataFile);
                }
                catch (IOException ex) {
                    log.debug("cannot delete {}", metadataFile, ex);
                }
            }
        }
    }

    private Upload upload(SandboxInstance stopped, SandboxView sandbox, String kind, @Nullable String chainHash,
            @Nullable String name, String idempotencyKey, Set<String> skipped, @Nullable Path metadataFile) {
        Path pgdata = this.runtime.dataDirectory(stopped);
        try {
            List<ManifestFile> files = new ArrayList<>(PgdataFiles.describe(pgdata, skipped));
            Map<String, Path> bySha = new java.util.HashMap<>();
            for (ManifestFile file : files) {
                bySha.putIfAbsent(file.sha256(), pgdata.resolve(file.path()));
            }
            if (metadataFile != null) {
                ManifestFile described = PgdataFiles.describe(metadataFile, PgdataFiles.METADATA);
                files.add(described);
                bySha.putIfAbsent(described.sha256(), metadataFile);
            }
            Upload upload = this.store.createUpload(new CreateUpload(sandbox.userId(), kind,
                    this.runtime.engineVersion(), null, "chain".equals(kind) ? chainHash : null, name, idempotencyKey,
                    files));
            if (upload.snapshotId() == null) {
                for (String sha256 : upload.missing()) {
                    Path file = bySha.get(sha256);
                    if (file == null) {
                        throw new IllegalStateException("snapshot-cache asked for an unknown blob " + sha256);
                    }
                    this.store.putBlob(upload.uploadId(), sha256, file);
                }
            }
            return upload;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the data directory of " + stopped.sandboxId(), ex);
        }
    }

    private static boolean databaseExists(Connection admin, String name) throws SQLException {
        try (var statement = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** {@code base/<oid>} of layers, spares and a parked learner database. */
    private static Set<String> leftOutDirectories(Connection admin) throws SQLException {
        Set<String> directories = new HashSet<>();
        try (Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("SELECT oid FROM pg_database WHERE datname LIKE 'layer\\_%'"
                        + " OR datname LIKE 'spare\\_%' OR datname LIKE 'taidon\\_capture\\_%'")) {
            while (rows.next()) {
                directories.add("base/" + rows.getLong(1));
            }
        }
        return directories;
    }

    private static Path writeMetadata(String metadata) {
        try {
            Path file = Files.createTempFile("taidon-metadata", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, metadata, StandardCharsets.UTF_8);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
