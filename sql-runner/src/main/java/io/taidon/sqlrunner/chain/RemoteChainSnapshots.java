package io.taidon.sqlrunner.chain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import io.taidon.platform.problem.TaidonProblemException;
import io.taidon.sqlrunner.client.envmanager.SandboxSnapshotClient;
import io.taidon.sqlrunner.client.snapshots.ChainCacheClient;
import io.taidon.sqlrunner.execution.ResultJson;
import io.taidon.sqlrunner.execution.StatementResult;
import io.taidon.sqlrunner.sandbox.SandboxLocks;
import io.taidon.sqlrunner.config.SqlRunnerProperties;

/**
 * Chain snapshots through snapshot-cache's chain cache and env-manager's capture and restore.
 * <p>
 * What a run needs besides the database state — the results recorded when statements 1..depth first ran and the
 * session settings at that point — travels inside the snapshot as its {@code taidon-metadata.json} file
 * ({@code {"results": [...], "settings": {...}}}, the same JSON as a layer's cache point): it is content-addressed,
 * covered by the manifest's signature, shared by every user exactly as the chain snapshot is, and evicted with it,
 * so no second store can disagree with the snapshot. A chain snapshot without it is treated as a miss.
 * <p>
 * {@link #offer}: a tail whose replay took at least {@code capture-threshold} is captured in the background: the
 * build lease is taken first (423 or 409 → another node builds it or it exists: skip), then the capture waits for
 * the sandbox's run lock (env-manager stops the sandbox for a checkpoint and a local copy; a run must not be cut)
 * and asks env-manager for a {@code chain} snapshot of the tail's layer, which env-manager uploads after the sandbox
 * runs again. The run never waits; a capture refused gives the lease back, a failed upload lets it expire.
 */
@Component
@ConditionalOnProperty(name = "taidon.sql-runner.chain-snapshots.enabled", havingValue = "true", matchIfMissing = true)
class RemoteChainSnapshots implements ChainSnapshots {

    /** File of a chain snapshot that holds sql-runner's recorded results and settings. */
    static final String METADATA = "taidon-metadata.json";

    private static final Logger log = LoggerFactory.getLogger(RemoteChainSnapshots.class);

    private static final TypeReference<Metadata> METADATA_TYPE = new TypeReference<>() {
    };

    private final ChainCacheClient chainCache;

    private final SandboxSnapshotClient sandboxes;

    private final SandboxLocks locks;

    private final SqlRunnerProperties.ChainSnapshotOptions properties;

    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, Cached> lookups = new ConcurrentHashMap<>();

    RemoteChainSnapshots(ChainCacheClient chainCache, SandboxSnapshotClient sandboxes, SandboxLocks locks,
            SqlRunnerProperties properties) {
        this.chainCache = chainCache;
        this.sandboxes = sandboxes;
        this.locks = locks;
        this.properties = properties.chainSnapshots();
    }

    @Override
    public Optional<Hit> deepest(List<String> chainHashes) {
        if (chainHashes.isEmpty()) {
            return Optional.empty();
        }
        String key = chainHashes.size() + ":" + chainHashes.getLast();
        long now = System.nanoTime();
        Cached cached = this.lookups.get(key);
        Duration ttl = cached != null && cached.hit().isPresent() ? this.properties.lookupCacheTtl()
                : this.properties.lookupMissTtl();
        if (cached != null && now - cached.at() < ttl.toNanos()) {
            return cached.hit();
        }
        Optional<Hit> hit;
        try {
            hit = find(chainHashes);
        }
        catch (TaidonProblemException | tools.jackson.core.JacksonException ex) {
            log.warn("chain-cache lookup failed; continuing without chain snapshots", ex);
            hit = Optional.empty();
        }
        if (this.lookups.size() > 1_000) {
            this.lookups.clear();
        }
        this.lookups.put(key, new Cached(now, hit));
        return hit;
    }

    private Optional<Hit> find(List<String> chainHashes) {
        Optional<ChainCacheClient.Lookup> lookup = this.chainCache.lookup(chainHashes);
        if (lookup.isEmpty() || lookup.get().chainHash() == null || lookup.get().manifest() == null
                || lookup.get().snapshotId() == null) {
            return Optional.empty();
        }
        ChainCacheClient.Lookup answer = lookup.get();
        int depth = chainHashes.indexOf(answer.chainHash()) + 1;
        List<ChainCacheClient.ManifestFile> files = answer.manifest().files();
        Optional<ChainCacheClient.ManifestFile> metadataFile = files == null ? Optional.empty()
                : files.stream().filter(file -> METADATA.equals(file.path())).findFirst();
        if (depth == 0 || metadataFile.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = this.chainCache.smallBlob(answer.snapshotId(), metadataFile.get().sha256());
        Metadata metadata = ResultJson.MAPPER.readValue(new String(bytes, StandardCharsets.UTF_8), METADATA_TYPE);
        if (metadata.results() == null || metadata.results().size() != depth) {
            return Optional.empty();
        }
        return Optional.of(new Hit(depth, answer.chainHash(), answer.snapshotId(), metadata.results(),
                metadata.settings() != null ? metadata.settings() : Map.of()));
    }

    @Override
    public boolean restoreInto(String sandboxId, Hit hit) {
        try {
            this.sandboxes.restore(sandboxId, hit.snapshotId());
            return true;
        }
        catch (TaidonProblemException ex) {
            log.warn("restoring chain snapshot {} into sandbox {} failed; replaying instead", hit.snapshotId(),
                    sandboxId, ex);
            return false;
        }
    }

    @Override
    public void offer(String sandboxId, String chainHash, List<StatementResult> results, Map<String, String> settings,
            Duration replayCost) {
        if (replayCost.compareTo(this.properties.captureThreshold()) < 0) {
            return;
        }
        String metadata = ResultJson.MAPPER.writeValueAsString(new Metadata(results, settings));
        this.background.execute(() -> capture(sandboxId, chainHash, metadata));
    }

    private void capture(String sandboxId, String chainHash, String metadata) {
        Optional<String> lease;
        try {
            lease = this.chainCache.acquireBuild(chainHash);
        }
        catch (TaidonProblemException ex) {
            log.warn("cannot take the build lease of chain hash {}", chainHash, ex);
            return;
        }
        if (lease.isEmpty()) {
            return;
        }
        try {
            ReentrantLock lock = this.locks.acquire(sandboxId, this.properties.captureLockWait());
            try {
                this.sandboxes.captureChain(sandboxId, chainHash, metadata);
                log.info("chain snapshot of chain hash {} staged in sandbox {}; env-manager uploads it", chainHash,
                        sandboxId);
            }
            finally {
                lock.unlock();
            }
        }
        catch (RuntimeException ex) {
            log.warn("capturing a chain snapshot of {} in sandbox {} failed", chainHash, sandboxId, ex);
            try {
                this.chainCache.releaseBuild(chainHash, lease.get());
            }
            catch (TaidonProblemException releaseFailure) {
                log.debug("cannot give back the lease of {}", chainHash, releaseFailure);
            }
        }
    }

    @PreDestroy
    void stop() {
        this.background.shutdownNow();
    }

    /**
     * What a chain snapshot carries for sql-runner.
     *
     * @param results recorded results of statements 1..depth (source {@code executed})
     * @param settings session settings at that point
     */
    record Metadata(List<StatementResult> results, Map<String, String> settings) {
    }

    private record Cached(long at, Optional<Hit> hit) {
    }
}
