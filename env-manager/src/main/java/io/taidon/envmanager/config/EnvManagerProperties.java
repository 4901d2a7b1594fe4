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
 * @param runtime which runtime runs sandboxes ({@link RuntimeChoice}): {@code docker}, {@code kubernetes} (settings under
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
 * @param nodeSnapshots the node's own copies of materialised snapshots ({@code taidon.env-manager.node-snapshots.*})
 * @param snapshotCache the former name of {@code nodeSnapshots} ({@code taidon.env-manager.snapshot-cache.*}, which
 *        read as if it configured the snapshot-cache service); still honoured when set, see {@link #nodeSnapshotStore()}
 * @param suspend suspension of idle sandboxes
 */
@Validated
@ConfigurationProperties("taidon.env-manager")
public record EnvManagerProperties(@DefaultValue("auto") RuntimeChoice runtime, @Nullable Path dataDir,
        @Nullable Path binariesDir, @DefaultValue("60s") Duration startTimeout, @Nullable String credentialsKey,
        @DefaultValue("false") boolean fsync, @DefaultValue Learner learner, @DefaultValue Layers layers, @DefaultValue Reconciliation reconciliation,
        @DefaultValue NodeSnapshots nodeSnapshots, @Nullable SnapshotCache snapshotCache, @DefaultValue Suspend suspend) {

    /** The values of {@code taidon.env-manager.runtime}, bound from their lower-case names. */
    public enum RuntimeChoice {

        /** docker when a Docker engine answers and holds the sandbox image, else process; never kubernetes. */
        AUTO,

        /** The docker runtime. */
        DOCKER,

        /** The kubernetes runtime. */
        KUBERNETES,

        /** The process runtime. */
        PROCESS;

        /** @return the configured name: {@code auto}, {@code docker}, {@code kubernetes} or {@code process} */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * @param value {@code auto}, {@code docker}, {@code kubernetes} or {@code process}
         * @return the choice
         * @throws IllegalStateException when it is none of these
         */
        public static RuntimeChoice of(String value) {
            for (RuntimeChoice choice : values()) {
                if (choice.value().equals(value)) {
                    return choice;
                }
            }
            throw new IllegalStateException(
                    "taidon.env-manager.runtime=" + value + " is not one of auto, docker, kubernetes, process");
        }

        @Override
        public String toString() {
            return value();
        }
    }

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
     * The node's own copies of materialised snapshots (restores of a snapshot already restored on this node copy a
     * local tree instead of downloading it from the snapshot-cache service).
     *
     * @param enabled whether restores use and fill them
     * @param dir where they live; default {@code .snapshot-cache} in the sandboxes directory (the name it always had)
     * @param maxSize size budget; the least recently used copies are evicted beyond it
     * @param spares the spare copies made ahead of restores
     */
    public record NodeSnapshots(@DefaultValue("true") boolean enabled, @Nullable Path dir,
            @DefaultValue("4GB") DataSize maxSize, @DefaultValue Spares spares) {

        /**
         * One writable spare per copy, made ahead of the next restore so that it is a rename.
         *
         * @param refillDelay how long after a spare was taken the next one is made, so that the copy does not compete
         *        with the start of the sandbox that took it; zero or more
         * @param evictionWait how long an eviction waits for a copy a spare is being made from before it evicts
         *        another one; zero or more
         */
        public record Spares(@DefaultValue("1500ms") Duration refillDelay, @DefaultValue("2s") Duration evictionWait) {

            /** Default of {@link #refillDelay()}. */
            public static final Duration DEFAULT_REFILL_DELAY = Duration.ofMillis(1500);

            /** Default of {@link #evictionWait()}. */
            public static final Duration DEFAULT_EVICTION_WAIT = Duration.ofSeconds(2);

            /** @throws IllegalArgumentException when a duration is negative */
            public Spares {
                if (refillDelay.isNegative() || evictionWait.isNegative()) {
                    throw new IllegalArgumentException("taidon.env-manager.node-snapshots.spares.refill-delay and "
                            + "eviction-wait must not be negative");
                }
            }
        }
    }

    /**
     * The former {@code taidon.env-manager.snapshot-cache.*} keys of {@link NodeSnapshots} (without spares).
     *
     * @param enabled see {@link NodeSnapshots#enabled()}
     * @param dir see {@link NodeSnapshots#dir()}
     * @param maxSize see {@link NodeSnapshots#maxSize()}
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
     * @return the settings of the node's snapshot copies: {@link #nodeSnapshots()}, or, when the former
     *         {@code taidon.env-manager.snapshot-cache.*} keys are set, those (with the spares of
     *         {@link #nodeSnapshots()})
     */
    public NodeSnapshots nodeSnapshotStore() {
        return this.snapshotCache == null ? this.nodeSnapshots
                : new NodeSnapshots(this.snapshotCache.enabled(), this.snapshotCache.dir(), this.snapshotCache.maxSize(),
                        this.nodeSnapshots.spares());
    }

    /**
     * @return where the node's snapshot copies live
     */
    public Path nodeSnapshotsDir() {
        Path dir = nodeSnapshotStore().dir();
        return dir != null ? dir : sandboxesDir().resolve(".snapshot-cache");
    }
}
