package io.taidon.envmanager.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.taidon.envmanager.client.snapshots.SnapshotCacheClient;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.Manifest;
import io.taidon.envmanager.client.snapshots.SnapshotCacheClient.ManifestFile;
import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxRuntime;
import io.taidon.envmanager.runtime.SandboxRuntimeException;
import io.taidon.envmanager.runtime.SandboxSpec;
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
 * directories PostgreSQL needs, and sets the new superuser password offline. Identical files are downloaded once.
 */
@Component
class SnapshotRestore implements SnapshotMaterialiser {

    private final SnapshotCacheClient store;

    private final SandboxRuntime runtime;

    private final AuditRecorder audit;

    SnapshotRestore(SnapshotCacheClient store, SandboxRuntime runtime, AuditRecorder audit) {
        this.store = store;
        this.runtime = runtime;
        this.audit = audit;
    }

    @Override
    public void check(String userId, String snapshotId) {
        checked(userId, snapshotId);
    }

    private Manifest checked(String userId, String snapshotId) {
        Manifest manifest = this.store.manifest(snapshotId);
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

    @Override
    public SandboxInstance materialise(SandboxSpec spec, String snapshotId) {
        Manifest manifest = checked(spec.userId(), snapshotId);
        SandboxInstance instance = this.runtime.createForRestore(spec);
        try {
            Path pgdata = this.runtime.dataDirectory(instance).toAbsolutePath().normalize();
            for (String directory : PgdataFiles.REQUIRED_DIRECTORIES) {
                createPrivateDirectories(pgdata, pgdata.resolve(directory));
            }
            Map<String, Path> fetched = new HashMap<>();
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
                Path earlier = fetched.get(file.sha256());
                if (earlier != null) {
                    Files.copy(earlier, target);
                }
                else {
                    this.store.downloadBlob(snapshotId, file.sha256(), target);
                    fetched.put(file.sha256(), target);
                }
                Files.setPosixFilePermissions(target, PgdataFiles.permissions(file.mode()));
            }
            this.runtime.setSuperuserPassword(instance, spec.superuserPassword());
            return instance;
        }
        catch (IOException | RuntimeException ex) {
            this.runtime.remove(spec.sandboxId());
            if (ex instanceof TaidonProblemException problem) {
                throw problem;
            }
            throw ex instanceof SandboxRuntimeException runtimeFailure ? runtimeFailure
                    : new SandboxRuntimeException("cannot restore snapshot " + snapshotId, ex);
        }
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
