package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.taidon.envmanager.client.profile.UserProfileClient;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.CreateUpload;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Upload;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient;
import io.taidon.envmanager.files.FileTrees;
import io.taidon.envmanager.hardening.SandboxHardening;
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
 * the state at the chain point, not whatever ran after it; the cluster-wide state a learner can change (its role's
 * settings and password, the learner database's settings, attributes, ACL and comment) is put back to the defaults
 * ({@link SandboxService#restoreClusterDefaults}); then {@code CHECKPOINT}.</li>
 * <li>Fast shutdown (a clean shutdown checkpoint: no recovery needed on restore).</li>
 * <li>Copy the files a snapshot carries into a private staging directory ({@link PgdataFiles}): layers
 * ({@code layer_*}), spare clones ({@code spare_*}) and the parked database are not carried — their
 * {@code base/<oid>} directories are skipped and restore drops their catalog entries — so a snapshot holds the
 * learner's state only and the user's hot layers stay in their own sandbox.</li>
 * <li>For {@code chain} and {@code auto} snapshots (restored on this node next: new users, resume) that copy is made
 * right into the node-local {@link NodeSnapshotStore}'s staging area and published there under the snapshot's id
 * once committed (it boots with the source sandbox's superuser password, replaced on restore).</li>
 * <li>Restart (always) and undo the parking: the sandbox is stopped only for the checkpoint, the shutdown and a local
 * copy, never for the upload.</li>
 * <li>From the staging copy: each file is hashed streaming; snapshot-cache says which blobs it lacks; only those are
 * streamed; commit. With {@code background} this part runs after the caller has been answered.</li>
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

    private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();

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
     * @param chainHash the chain hash of the run whose state the sandbox holds (recorded in the manifest), or null
     * @return the new snapshot's id
     * @throws NotFoundException when the sandbox is not the caller's
     * @throws InvalidRequestException when {@code chainHash} is not 64 lower-case hex digits
     * @throws QuotaExceededException when the {@code named-snapshots} quota is used up
     */
    public String captureNamed(String userId, String sandboxId, @Nullable String name, @Nullable String chainHash) {
        if (chainHash != null && !CHAIN_HASH.matcher(chainHash).matches()) {
            throw new InvalidRequestException("invalid-chain-hash", "chainHash must be 64 lower-case hex digits.");
        }
        this.sandboxes.getForUser(sandboxId, userId);
        long current = this.store.namedSnapshots(userId);
        UserProfileClient.QuotaCheck quota = this.profile.checkQuota(userId, QUOTA, current);
        if (!quota.allowed()) {
            this.audit.record(userId, "snapshot.create", "snapshot", null, AuditEvent.DENIED);
            throw new QuotaExceededException(QUOTA, quota.limit());
        }
        return capture(sandboxId, "named", chainHash, name, UUID.randomUUID().toString(), null);
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
        return Objects.requireNonNull(capture(sandboxId, kind, chainHash, name, idempotencyKey, metadata, false));
    }

    /**
     * Captures a sandbox (service call), optionally answering once the sandbox runs again and uploading after.
     *
     * @param sandboxId the sandbox
     * @param kind {@code chain}, {@code named} or {@code auto}
     * @param chainHash for {@code chain}: the chain hash, whose layer must exist in the sandbox
     * @param name a name, or null
     * @param idempotencyKey the same key gives the same snapshot
     * @param metadata opaque UTF-8 text stored with the snapshot, or null
     * @param background whether to upload in the background (failures are logged and audited, not thrown)
     * @return the snapshot's id, or null with {@code background}
     * @throws InvalidRequestException on a bad kind, chain hash or key
     * @throws ConflictException {@code layer-not-found} when a chain capture's layer is not in the sandbox
     * @throws SnapshotsUnsupportedException when the runtime cannot reach data files
     */
    public @Nullable String capture(String sandboxId, String kind, @Nullable String chainHash, @Nullable String name,
            String idempotencyKey, @Nullable String metadata, boolean background) {
        if (!KINDS.contains(kind)) {
            throw new InvalidRequestException("invalid-snapshot-kind", "kind must be chain, named or auto.");
        }
        if ("chain".equals(kind) && (chainHash == null || !CHAIN_HASH.matcher(chainHash).matches())) {
            throw new InvalidRequestException("invalid-chain-hash", "A chain snapshot needs a 64-hex chainHash.");
        }
        if (idempotencyKey.isBlank()) {
            throw new InvalidRequestException("invalid-idempotency-key", "idempotencyKey is required.");
        }
        if (!this.runtime.dataFilesReachable()) {
            // before the sandbox is stopped: a capture that cannot read the files must not interrupt the learner
            throw new SnapshotsUnsupportedException(this.runtime.name());
        }
        SandboxView sandbox = this.sandboxes.find(sandboxId);
        String layer = chainHash != null && "chain".equals(kind) ? "layer_" + chainHash.substring(0, 56) : null;
        Set<String> skipped = new HashSet<>();
        boolean[] parked = { false };
        Path staging;
        try {
            staging = Files.createTempDirectory("taidon-capture-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (metadata != null) {
                Files.writeString(staging.resolve(PgdataFiles.METADATA), metadata, StandardCharsets.UTF_8);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create a staging directory for a capture", ex);
        }
        Path pgdataCopy = staging.resolve("pgdata");
        NodeSnapshotStore.Staged[] staged = { null };
        String[] bootPassword = { null };
        boolean handedOver = false;
        try {
            this.sandboxes.whileStopped(sandboxId, (admin, running) -> {
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
                // a snapshot holds the learner database only: what the learner did to its role or to the database's
                // attributes (shared catalogs, carried in global/) goes back to the defaults before the copy
                this.sandboxes.restoreClusterDefaults(sandboxId, admin);
                skipped.addAll(leftOutDirectories(admin));
                SandboxHardening.execute(admin, "CHECKPOINT");
                return null;
            }, stopped -> {
                Path pgdata = this.runtime.dataDirectory(stopped);
                if (!"named".equals(kind)) {
                    // chain and auto snapshots are restored on this node next (new users, resume): the one copy
                    // made while stopped goes to the node snapshot store, and the upload reads it
                    staged[0] = this.restore.cache()
                        .stage(pgdata, relative -> PgdataFiles.carried(relative, skipped))
                        .orElse(null);
                    bootPassword[0] = this.sandboxes.superuserPassword(sandboxId);
                }
                if (staged[0] == null) {
                    copyCarried(pgdata, pgdataCopy, skipped);
                }
                return null;
            },
                    (admin, running) -> {
                        if (parked[0]) {
                            SandboxHardening.dropLearnerDatabase(admin);
                            SandboxHardening.execute(admin, "ALTER DATABASE " + PARKED + " RENAME TO learner");
                        }
                        return null;
                    });
            Path metadataFile = metadata != null ? staging.resolve(PgdataFiles.METADATA) : null;
            NodeSnapshotStore.Staged copy = staged[0];
            Path source = copy != null ? copy.dir().resolve("pgdata") : pgdataCopy;
            if (background) {
                this.uploads.execute(() -> {
                    try {
                        String snapshotId = upload(sandboxId, sandbox, kind, chainHash, name, idempotencyKey, source,
                                metadataFile);
                        publish(copy, snapshotId, bootPassword[0], kind, chainHash);
                    }
                    catch (RuntimeException ex) {
                        log.warn("background upload of a {} snapshot of sandbox {} failed", kind, sandboxId, ex);
                        discard(copy);
                    }
                    finally {
                        FileTrees.deleteQuietly(staging);
                    }
                });
                handedOver = true;
                return null;
            }
            String snapshotId = upload(sandboxId, sandbox, kind, chainHash, name, idempotencyKey, source, metadataFile);
            publish(copy, snapshotId, bootPassword[0], kind, chainHash);
            staged[0] = null;
            return snapshotId;
        }
        catch (RuntimeException ex) {
            this.audit.record(sandbox.userId(), "snapshot.create", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw ex;
        }
        finally {
            if (!handedOver) {
                discard(staged[0]);
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    /** Makes a staged copy the node snapshot store's entry of the committed snapshot (no-op without a copy). */
    private void publish(NodeSnapshotStore.@Nullable Staged copy, String snapshotId, @Nullable String bootPassword,
            String kind, @Nullable String chainHash) {
        if (copy != null && bootPassword != null) {
            this.restore.cache().publish(copy, snapshotId, bootPassword, "chain".equals(kind) ? chainHash : null,
                    !"auto".equals(kind));
        }
        else {
            discard(copy);
        }
    }

    private void discard(NodeSnapshotStore.@Nullable Staged copy) {
        if (copy != null) {
            this.restore.cache().discard(copy);
        }
    }

    /** Streams a staged copy to snapshot-cache and commits it; audited either way. */
    private String upload(String sandboxId, SandboxView sandbox, String kind, @Nullable String chainHash,
            @Nullable String name, String idempotencyKey, Path pgdataCopy, @Nullable Path metadataFile) {
        try {
            Upload upload = upload(pgdataCopy, sandbox, kind, chainHash, name, idempotencyKey, metadataFile);
            String snapshotId = upload.snapshotId() != null ? upload.snapshotId()
                    : this.store.commit(upload.uploadId()).snapshotId();
            this.audit.record(sandbox.userId(), "snapshot.create", "snapshot", snapshotId, AuditEvent.SUCCESS);
            return snapshotId;
        }
        catch (RuntimeException ex) {
            this.audit.record(sandbox.userId(), "snapshot.create", "sandbox", sandboxId, AuditEvent.FAILURE);
            throw ex;
        }
    }

    /**
     * Copies the files of a stopped cluster's PGDATA that a snapshot carries ({@link PgdataFiles#carried}), keeping
     * directories (empty ones too) and modes.
     */
    private static @Nullable Void copyCarried(Path pgdata, Path target, Set<String> skipped) {
        try (Stream<Path> paths = Files.walk(pgdata)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = pgdata.relativize(path).toString();
                if (relative.isEmpty()) {
                    Files.createDirectory(target);
                    continue;
                }
                if (skipped.contains(relative) || !PgdataFiles.carried(relative, skipped)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(copy);
                }
                else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(copy.getParent());
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return null;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot copy the data directory " + pgdata, ex);
        }
    }

    @PreDestroy
    void stopUploads() {
        this.uploads.shutdown();
    }

    private Upload upload(Path pgdata, SandboxView sandbox, String kind, @Nullable String chainHash,
            @Nullable String name, String idempotencyKey, @Nullable Path metadataFile) {
        try {
            List<ManifestFile> files = new ArrayList<>(PgdataFiles.describe(pgdata, Set.of()));
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
                    this.runtime.engineVersion(), "chain".equals(kind) ? null : sandbox.base().snapshotId(),
                    "auto".equals(kind) ? null : chainHash, name, idempotencyKey, files));
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
            throw new UncheckedIOException("cannot read the staged copy of a snapshot of " + sandbox.id(), ex);
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
}
