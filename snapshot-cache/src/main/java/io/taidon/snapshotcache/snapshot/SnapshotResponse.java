package io.taidon.snapshotcache.snapshot;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot as the owner sees it.
 *
 * @param id snapshot id
 * @param name the owner's name for it, or null
 * @param kind {@code named}, {@code auto} or {@code archive}
 * @param parentId the snapshot it derives from, or null
 * @param lineage ancestors, parent first (only on {@code GET /api/snapshots/{id}}; empty in lists)
 * @param engineVersion PostgreSQL major version
 * @param logicalSize uncompressed bytes of its files
 * @param storedSize compressed bytes of its blobs
 * @param createdAt when it was committed
 * @param lastUsedAt when it was last restored or used
 * @param pinned whether retention keeps it regardless of age
 */
record SnapshotResponse(String id, @Nullable String name, String kind, @Nullable String parentId,
        List<String> lineage, String engineVersion, long logicalSize, long storedSize, Instant createdAt,
        Instant lastUsedAt, boolean pinned) {

    static SnapshotResponse of(SnapshotRecord s, List<String> lineage) {
        return new SnapshotResponse(s.id(), s.name(), s.kind(), s.parentId(), lineage, s.engineVersion(),
                s.logicalSize(), s.storedSize(), s.createdAt(), s.lastUsedAt(), s.pinned());
    }
}
