package io.taidon.envmanager.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * env-manager's settings ({@code taidon.env-manager.*}).
 *
 * @param runtime which runtime runs sandboxes: {@code docker}, {@code kubernetes} (settings under
 *        {@code taidon.env-manager.kubernetes.*}), {@code process}, or {@code auto} (the default): docker when a
 *        Docker engine answers and holds the sandbox image ({@code taidon.env-manager.docker.image}), else process
 *        (auto never picks kubernetes); the startup log says which and why
 * @param dataDir where sandboxes' data directories live (one sub-directory per sandbox, mode 0700); the launcher
 *        passes its own, the default is {@code ${user.home}/.taidon/sandboxes}
 * @param binariesDir where the PostgreSQL binaries are extracted once; default {@code cache/postgres} beside
 *        {@link #dataDir()}
 * @param startTimeout how long a sandbox may take to accept connections after its server was started
 * @param credentialsKey base64 AES key (16 or 32 bytes) that encrypts sandbox passwords at rest; without one a key
 *        is generated once into {@code credentials.key} (mode 0600) in {@link #dataDir()}
 * @param fsync whether sandbox servers fsync ({@code fsync}, {@code full_page_writes}); off by default: a sandbox is
 *        disposable working state (durable state lives in snapshots), and with fsync every layer clone or drop
 *        pays for checkpoints flushed to disk (hundreds of milliseconds instead of tens); an OS crash, not a
 *        PostgreSQL or env-manager crash, may then corrupt running sandboxes
 * @param learner limits of the learner role inside every sandbox
 * @param layers layer settings
 * @param reconciliation reconciliation and expiry settings
 * @param snapshotCache the node-local cache of materialised snapshots
 * @param suspend suspension of idle sandboxes
 */
@Validated
@ConfigurationProperties("taidon.env-manager")
public record EnvManagerProperties(@DefaultValue("auto") String runtime, @Nullable Path dataDir,
        @Nullable Path binariesDir, @DefaultValue("60s") Duration startTimeout, @Nullable String credentialsKey,
        @DefaultValue("false") boolean fsync, @DefaultValue Learner learner, @DefaultValue Layers layers, @DefaultValue Reconciliation reconciliation,
        @DefaultValue SnapshotCache snapshotCache, @DefaultValue Suspend suspend) {

    /**
     * @return {@link #dataDir()} or its default
     */
    public Path sandboxesDir() {
        return this.dataDir != null ? this.dataDir
                : Path.of(System.getProperty("user.home"), ".taidon", "sandboxes");
    }

    /**
     * @return {@link #binariesDir()} or its default beside the sandboxes directory
     */
    public Path postgresBinariesDir() {
        if (this.binariesDir != null) {
            return this.binariesDir;
        }
        Path sandboxes = sandboxesDir().toAbsolutePath();
        Path parent = sandboxes.getParent() != null ? sandboxes.getParent() : sandboxes;
        return parent.resolve("cache").resolve("postgres");
    }

    /**
     * Defaults applied to the learner role of every sandbox ({@code ALTER ROLE learner SET …}).
     *
     * @param statementTimeout {@code statement_timeout}
     * @param idleInTransactionSessionTimeout {@code idle_in_transaction_session_timeout}
     * @param tempFileLimit {@code temp_file_limit} (superuser-only setting: the learner cannot raise it)
     * @param workMem {@code work_mem}
     * @param connectionLimit the role's {@code CONNECTION LIMIT}
     */
    public record Learner(@DefaultValue("30s") Duration statementTimeout,
            @DefaultValue("60s") Duration idleInTransactionSessionTimeout,
            @DefaultValue("256MB") DataSize tempFileLimit, @DefaultValue("8MB") DataSize workMem,
            @DefaultValue("10") @Min(1) int connectionLimit) {
    }

    /**
     * @param maxPerSandbox how many layers one sandbox keeps; the least recently used goes first
     */
    public record Layers(@DefaultValue("16") @Min(1) int maxPerSandbox) {
    }

    /**
     * @param enabled whether reconciliation runs at startup and periodically
     * @param interval time between two periodic runs
     * @param anonymousTtl how long an anonymous user's sandbox lives after it was last used
     */
    public record Reconciliation(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
            @DefaultValue("24h") Duration anonymousTtl) {
    }

    /**
     * The node-local cache of materialised snapshots (restores of a snapshot already restored on this node copy a
     * local tree instead of downloading it).
     *
     * @param enabled whether restores use and fill it
     * @param dir where it lives; default {@code .snapshot-cache} in the sandboxes directory
     * @param maxSize size budget; the least recently used entries are evicted beyond it
     */
    public record SnapshotCache(@DefaultValue("true") boolean enabled, @Nullable Path dir,
            @DefaultValue("4GB") DataSize maxSize) {
    }

    /**
     * Suspension of idle sandboxes: an {@code auto} snapshot is captured, the instance removed, and the sandbox is
     * resumed from that snapshot on next use.
     *
     * @param enabled whether the sweep runs
     * @param idleAfter how long a sandbox may stay unused before it is suspended
     * @param sweepInterval time between two sweeps
     */
    public record Suspend(@DefaultValue("true") boolean enabled, @DefaultValue("30m") Duration idleAfter,
            @DefaultValue("1m") Duration sweepInterval) {
    }

    /**
     * @return where the node-local snapshot cache lives
     */
    public Path snapshotCacheDir() {
        return this.snapshotCache.dir() != null ? this.snapshotCache.dir()
                : sandboxesDir().resolve(".snapshot-cache");
    }
}
