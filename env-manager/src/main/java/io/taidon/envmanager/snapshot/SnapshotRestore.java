package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Manifest;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient;
import io.taidon.envmanager.config.EnvManagerProperties;
import io.taidon.envmanager.files.FileTrees;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.envmanager.sandbox.PhaseClock;
import io.taidon.envmanager.sandbox.SandboxCredentials;
import io.taidon.envmanager.sandbox.SnapshotMaterialiser;
import io.taidon.platform.audit.AuditEvent;
import io.taidon.platform.audit.AuditRecorder;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.NotFoundException;
import io.taidon.platform.problem.TaidonProblemException;

/**
 * Restore: reads the manifest snapshot-cache verified (signature, ids), refuses another user's private snapshot
 * (404, as if missing; chain snapshots are shared) and another engine major version (409
 * {@code engine-version-mismatch}), then streams every blob into a new PGDATA (mode 0700; files owner-only, with
 * the manifest's owner-execute bit), skipping Taidon's configuration files and metadata, recreates the
 * directories PostgreSQL needs, and sets a random boot password for the superuser offline (the caller replaces it
 * online after the first start). Identical files are downloaded once; blobs are downloaded a few at a time and
 * their SHA-256 checked. The result is kept in the node-local {@link NodeSnapshotStore}, so that the next restore
 * of the same snapshot on this node is a local copy (no download, no offline password reset). The manifests of chain
 * snapshots, which are shared and never change, are remembered for {@link #CHAIN_MANIFEST_TTL}: a new user's
 * sandbox from a course's chain snapshot does not fetch and parse its manifest again (~100 ms for Pagila's).
 */
@Component
class SnapshotRestore implements SnapshotMaterialiser {

    private static final int PARALLEL_DOWNLOADS = 6;

    /** How long a chain snapshot's manifest is used without asking snapshot-cache again. */
    static final Duration CHAIN_MANIFEST_TTL = Duration.ofMinutes(1);

    private static final int CHAIN_MANIFESTS = 64;

    private final ConcurrentMap<String, Remembered> chainManifests = new ConcurrentHashMap<>();

    private final SnapshotCacheClient store;

    private final SandboxRuntime runtime;

    private final AuditRecorder audit;

    private final NodeSnapshotStore cache;

    SnapshotRestore(SnapshotCacheClient store, SandboxRuntime runtime, AuditRecorder audit,
            EnvManagerProperties properties) {
        EnvManagerProperties.NodeSnapshots copies = properties.nodeSnapshotStore();
        this.cache = new NodeSnapshotStore(properties.nodeSnapshotsDir(), copies.maxSize().toBytes(), copies.enabled(),
                copies.spares().refillDelay(), copies.spares().evictionWait());
        this.store = store;
        this.runtime = runtime;
        this.audit = audit;
    }

    @Override
    public void check(String userId, String snapshotId) {
        checked(userId, snapshotId);
    }

    private Manifest checked(String userId, String snapshotId) {
        Manifest manifest = manifest(snapshotId);
        if (!"chain".equals(manifest.kind()) && !manifest.owner().equals(userId)) {
            throw NotFoundException.forId("snapshot", snapshotId);
        }
        if (!major(manifest.engineVersion()).equals(major(this.runtime.engineVersion()))) {
            this.audit.record(userId, "snapshot.restore", "snapshot", snapshotId, AuditEvent.DENIED);
            throw new ConflictException("engine-version-mismatch", "Snapshot " + snapshotId + " was taken with PostgreSQL "
                    + manifest.engineVersion() + "; this installation runs " + this.runtime.engineVersion()
                    + " and cannot restore another major version.");
        }
        return manifest;
    }

    /**
     * @return the snapshot's manifest: a chain snapshot's as fetched within {@link #CHAIN_MANIFEST_TTL}, else fetched
     *         from snapshot-cache (which verifies it)
     */
    private Manifest manifest(String snapshotId) {
        long now = System.nanoTime();
        Remembered remembered = this.chainManifests.get(snapshotId);
        if (remembered != null && now - remembered.fetchedNanos() < CHAIN_MANIFEST_TTL.toNanos()) {
            return remembered.manifest();
        }
        Manifest manifest = this.store.manifest(snapshotId);
        if ("chain".equals(manifest.kind())) {
            if (this.chainManifests.size() >= CHAIN_MANIFESTS) {
                this.chainManifests.values().removeIf(old -> now - old.fetchedNanos() >= CHAIN_MANIFEST_TTL.toNanos());
                if (this.chainManifests.size() >= CHAIN_MANIFESTS) {
                    this.chainManifests.clear();
                }
            }
            this.chainManifests.put(snapshotId, new Remembered(manifest, now));
        }
        return manifest;
    }

    /** A chain snapshot's manifest and {@link System#nanoTime()} when it was fetched. */
    private record Remembered(Manifest manifest, long fetchedNanos) {
    }

    @Override
    public Materialised materialise(SandboxSpec spec, String snapshotId, PhaseClock clock) {
        if (!this.runtime.dataFilesReachable()) {
            throw new SnapshotsUnsupportedException(this.runtime.name());
        }
        Manifest manifest = checked(spec.userId(), snapshotId);
        clock.lap("manifest");
        String baseRef = contentDigest(manifest);
        Optional<Materialised> warm = fromLocalCache(spec, snapshotId, baseRef, clock);
        if (warm.isPresent()) {
            return warm.get();
        }
        ReentrantLock filling = this.cache.fillLock(snapshotId);
        filling.lock();
        try {
            // another restore of the same snapshot may have filled the entry while this one waited
            Optional<Materialised> filled = fromLocalCache(spec, snapshotId, baseRef, clock);
            if (filled.isPresent()) {
                return filled.get();
            }
            clock.lap("wait-fill");
            SandboxInstance instance = this.runtime.createForRestore(spec);
            try {
                Path pgdata = this.runtime.dataDirectory(instance).toAbsolutePath().normalize();
                download(manifest, snapshotId, pgdata);
                clock.lap("download");
                String bootPassword = SandboxCredentials.newPassword();
                this.runtime.setSuperuserPassword(instance, bootPassword);
                clock.lap("offline-password");
                this.cache.add(snapshotId, pgdata, bootPassword, manifest.chainHash());
                clock.lap("fill-local-cache");
                return new Materialised(instance, bootPassword, manifest.chainHash(), baseRef);
            }
            catch (IOException | RuntimeException ex) {
                this.runtime.remove(spec.sandboxId());
                throw failure(snapshotId, ex);
            }
        }
        finally {
            filling.unlock();
        }
    }

    @Override
    public Optional<Materialised> fromEmptyTemplate(SandboxSpec spec, PhaseClock clock) {
        if (!this.runtime.dataFilesReachable()) {
            return Optional.empty();
        }
        return fromLocalCache(spec, emptyTemplateKey(), null, clock);
    }

    @Override
    public void saveEmptyTemplate(Path pgdata, String bootPassword) {
        this.cache.add(emptyTemplateKey(), pgdata, bootPassword, null);
    }

    /**
     * The reference a base made of this snapshot commits to ({@link io.taidon.envmanager.sandbox.SandboxBase}):
     * {@code sha256:} and the hex SHA-256 of the line {@code taidon-base/v1} followed by one line per file, sorted
     * by path, {@code path NUL mode NUL size NUL sha256} (UTF-8, each line ending in LF). It depends on the files
     * only, not on the snapshot's id, owner, name or time, so equal contents give equal bases.
     *
     * @param manifest the snapshot's verified manifest
     * @return {@code sha256:<64 hex>}
     */
    static String contentDigest(Manifest manifest) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
        StringBuilder text = new StringBuilder("taidon-base/v1\n");
        manifest.files().stream()
            .sorted(Comparator.comparing(ManifestFile::path))
            .forEach(file -> text.append(file.path()).append('\0').append(file.mode()).append('\0')
                .append(file.size()).append('\0').append(file.sha256()).append('\n'));
        return "sha256:" + HexFormat.of()
            .formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Cache key of the empty template: one per engine version (never a snapshot id, which starts with sn_). */
    private String emptyTemplateKey() {
        return "template-empty-" + this.runtime.name() + "-" + this.runtime.engineVersion().replaceAll("[^A-Za-z0-9]", "_");
    }

    /** A new instance whose PGDATA is a copy of the node's stored copy, when there is one. */
    private Optional<Materialised> fromLocalCache(SandboxSpec spec, String snapshotId, @Nullable String baseRef,
            PhaseClock clock) {
        Optional<NodeSnapshotStore.Lease> cached = this.cache.open(snapshotId);
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        try (NodeSnapshotStore.Lease lease = cached.get()) {
            SandboxInstance instance = this.runtime.createForRestore(spec);
            try {
                Path pgdata = this.runtime.dataDirectory(instance);
                if (this.cache.takeSpare(snapshotId, pgdata)) {
                    clock.lap("local-spare");
                }
                else {
                    FileTrees.copy(lease.pgdata(), pgdata, false);
                    clock.lap("local-copy");
                }
                return Optional.of(new Materialised(instance, lease.bootPassword(), lease.chainHash(), baseRef));
            }
            catch (IOException | RuntimeException ex) {
                this.runtime.remove(spec.sandboxId());
                throw failure(snapshotId, ex);
            }
        }
    }

    /**
     * Streams every carried blob into PGDATA, a few at a time; identical files are downloaded once and copied.
     */
    private void download(Manifest manifest, String snapshotId, Path pgdata) throws IOException {
        for (String directory : PgdataFiles.REQUIRED_DIRECTORIES) {
            createPrivateDirectories(pgdata, pgdata.resolve(directory));
        }
        Map<String, Path> first = new LinkedHashMap<>();
        List<ManifestFile> copies = new ArrayList<>();
        for (ManifestFile file : manifest.files()) {
            if (PgdataFiles.CONFIG_FILES.contains(file.path()) || PgdataFiles.METADATA.equals(file.path())) {
                continue;
            }
            Path target = pgdata.resolve(file.path()).normalize();
            if (!target.startsWith(pgdata) || target.equals(pgdata)) {
                throw new ConflictException("snapshot-corrupt", "Snapshot " + snapshotId
                        + " names a file outside the data directory.");
            }
            createPrivateDirectories(pgdata, target.getParent());
            if (first.putIfAbsent(file.sha256(), target) != null) {
                copies.add(file);
            }
        }
        List<Future<?>> downloads = new ArrayList<>();
        Semaphore slots = new Semaphore(PARALLEL_DOWNLOADS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, Path> blob : first.entrySet()) {
                downloads.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        this.store.downloadBlob(snapshotId, blob.getKey(), blob.getValue());
                    }
                    finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> download : downloads) {
                try {
                    download.get();
                }
                catch (ExecutionException ex) {
                    downloads.forEach(other -> other.cancel(true));
                    if (ex.getCause() instanceof RuntimeException runtimeFailure) {
                        throw runtimeFailure;
                    }
                    throw new IOException("cannot download snapshot " + snapshotId, ex.getCause());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ex);
                }
            }
        }
        for (ManifestFile file : copies) {
            Files.copy(first.get(file.sha256()), pgdata.resolve(file.path()).normalize());
        }
        for (ManifestFile file : manifest.files()) {
            if (!PgdataFiles.CONFIG_FILES.contains(file.path()) && !PgdataFiles.METADATA.equals(file.path())) {
                Files.setPosixFilePermissions(pgdata.resolve(file.path()).normalize(),
                        PgdataFiles.permissions(file.mode()));
            }
        }
    }

    private static RuntimeException failure(String snapshotId, Exception ex) {
        if (ex instanceof TaidonProblemException problem) {
            return problem;
        }
        return ex instanceof SandboxRuntimeException runtimeFailure ? runtimeFailure
                : new SandboxRuntimeException("cannot restore snapshot " + snapshotId, ex);
    }

    /** @return the node's snapshot copies, which captures fill too */
    NodeSnapshotStore cache() {
        return this.cache;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        this.cache.close();
    }

    @Override
    public void restored(String userId, String snapshotId, String sandboxId) {
        this.audit.record(userId, "snapshot.restore", "snapshot", snapshotId, AuditEvent.SUCCESS);
    }

    private static void createPrivateDirectories(Path pgdata, Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createPrivateDirectories(pgdata, directory.getParent());
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version.trim() : version.substring(0, dot).trim();
    }
}
