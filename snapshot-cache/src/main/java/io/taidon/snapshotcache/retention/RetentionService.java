package io.taidon.snapshotcache.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.taidon.snapshotcache.config.SnapshotCacheProperties;
import io.taidon.snapshotcache.snapshot.SnapshotRecord;
import io.taidon.snapshotcache.snapshot.SnapshotService;
import io.taidon.snapshotcache.storage.BlobStore;
import io.taidon.snapshotcache.storage.ObjectStore;

/**
 * Keeps storage bounded. One pass: evicts least-recently-used chain snapshots until their stored bytes fit the
 * budget (never a pinned one, nor one another snapshot names as parent; live sandboxes keep theirs by the in-use
 * mark, which refreshes {@code last_used_at}, or by a pin); deletes each user's automatic snapshots beyond the last
 * N (named and archived ones are never deleted silently); then deletes blobs no manifest lists, once older than the
 * grace period and never while an open upload lists them. Runs on its own schedule unless disabled.
 * <p>
 * Metrics: {@code taidon_snapshot_stored_bytes} (compressed blob bytes), {@code taidon_snapshot_logical_bytes}
 * (sum of visible snapshots' file sizes), {@code taidon_snapshot_dedup_ratio}, {@code
 * taidon_snapshot_evictions_total}, {@code taidon_snapshot_gc_deletions_total}.
 */
@Service
public class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private static final String ACTOR = "snapshot-cache";

    private static final int BATCH = 500;

    private final SnapshotService snapshots;

    private final ObjectStore objects;

    private final BlobStore blobs;

    private final JdbcClient jdbc;

    private final SnapshotCacheProperties.Retention settings;

    private final Counter evictions;

    private final Counter gcDeletions;

    RetentionService(SnapshotService snapshots, ObjectStore objects, BlobStore blobs, JdbcClient jdbc,
            SnapshotCacheProperties properties, MeterRegistry meters) {
        this.snapshots = snapshots;
        this.objects = objects;
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.settings = properties.retention();
        this.evictions = Counter.builder("taidon.snapshot.evictions")
            .description("Chain snapshots evicted to stay inside the byte budget")
            .register(meters);
        this.gcDeletions = Counter.builder("taidon.snapshot.gc.deletions")
            .description("Unreferenced blobs deleted by garbage collection")
            .register(meters);
        Gauge.builder("taidon.snapshot.stored.bytes", this, RetentionService::storedBytes)
            .description("Compressed bytes of all stored blobs")
            .baseUnit("bytes")
            .register(meters);
        Gauge.builder("taidon.snapshot.logical.bytes", this, r -> r.snapshots.logicalBytes())
            .description("Uncompressed bytes of all visible snapshots' files")
            .baseUnit("bytes")
            .register(meters);
        Gauge.builder("taidon.snapshot.dedup.ratio", this, RetentionService::dedupRatio)
            .description("Logical bytes per stored byte")
            .register(meters);
    }

    /** The scheduled pass; failures are logged and retried at the next interval. */
    @Scheduled(fixedDelayString = "${taidon.snapshot-cache.retention.interval:5m}",
            initialDelayString = "${taidon.snapshot-cache.retention.interval:5m}")
    void scheduledPass() {
        if (!this.settings.enabled()) {
            return;
        }
        try {
            Report report = runOnce();
            log.info("retention pass: {}", report);
        }
        catch (RuntimeException ex) {
            log.warn("retention pass failed", ex);
        }
    }

    /**
     * Runs eviction, automatic-snapshot retention and garbage collection once.
     *
     * @return what was deleted
     */
    public Report runOnce() {
        int evicted = evictChainSnapshots();
        int pruned = pruneAutoSnapshots();
        int collected = collectGarbage();
        return new Report(evicted, pruned, collected);
    }

    /** @return chain snapshots evicted to fit the configured budget */
    public int evictChainSnapshots() {
        return evictChainSnapshots(this.settings.chainBudget().toBytes());
    }

    /**
     * @param budget bytes the chain snapshots' stored sizes may add up to
     * @return chain snapshots evicted, least recently used first, to fit it
     */
    public int evictChainSnapshots(long budget) {
        long total = this.snapshots.chainStoredBytes();
        int evicted = 0;
        for (SnapshotRecord snapshot : this.snapshots.chainSnapshotsLeastRecentlyUsedFirst()) {
            if (total <= budget) {
                break;
            }
            if (snapshot.pinned() || this.snapshots.hasDependents(snapshot.id())) {
                continue;
            }
            this.snapshots.delete(snapshot, ACTOR);
            total -= snapshot.storedSize();
            evicted++;
            this.evictions.increment();
        }
        return evicted;
    }

    /** @return automatic snapshots deleted beyond each user's last N */
    public int pruneAutoSnapshots() {
        int deleted = 0;
        for (String owner : this.snapshots.ownersWithAutoSnapshots()) {
            List<SnapshotRecord> newestFirst = this.snapshots.autoSnapshotsNewestFirst(owner);
            for (SnapshotRecord snapshot : newestFirst.subList(Math.min(this.settings.autoKeep(), newestFirst.size()),
                    newestFirst.size())) {
                if (!snapshot.pinned() && !this.snapshots.hasDependents(snapshot.id())) {
                    this.snapshots.delete(snapshot, ACTOR);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** @return blobs deleted because no snapshot and no open upload lists them */
    public int collectGarbage() {
        Instant cutoff = Instant.now().minus(this.settings.gcGracePeriod());
        this.jdbc.sql("delete from upload where snapshot_id is null and expires_at < ?")
            .param(Timestamp.from(Instant.now()))
            .update();
        List<String> candidates = new ArrayList<>();
        for (ObjectStore.StoredObject object : this.objects.list(BlobStore.PREFIX)) {
            String sha256 = BlobStore.sha256Of(object.key());
            if (sha256 != null && object.lastModified().isBefore(cutoff)) {
                candidates.add(sha256);
            }
        }
        int deleted = 0;
        for (int from = 0; from < candidates.size(); from += BATCH) {
            List<String> batch = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
            Set<String> referenced = new HashSet<>(this.jdbc.sql("""
                    select sha256 from snapshot_blob where sha256 = any(?)
                    union
                    select ub.sha256 from upload_blob ub join upload u on u.id = ub.upload_id
                     where u.snapshot_id is null and ub.sha256 = any(?)""")
                .params(batch.toArray(String[]::new), batch.toArray(String[]::new))
                .query(String.class)
                .list());
            for (String sha256 : batch) {
                if (!referenced.contains(sha256)) {
                    this.blobs.delete(sha256);
                    this.jdbc.sql("delete from blob where sha256 = ?").param(sha256).update();
                    deleted++;
                    this.gcDeletions.increment();
                }
            }
        }
        return deleted;
    }

    private double storedBytes() {
        return this.jdbc.sql("select coalesce(sum(stored_size), 0) from blob").query(Long.class).single();
    }

    private double dedupRatio() {
        double stored = storedBytes();
        return stored == 0 ? 1.0 : this.snapshots.logicalBytes() / stored;
    }

    /**
     * @param evicted chain snapshots evicted
     * @param autoSnapshotsDeleted automatic snapshots beyond the last N deleted
     * @param blobsDeleted unreferenced blobs deleted
     */
    public record Report(int evicted, int autoSnapshotsDeleted, int blobsDeleted) {
    }
}
