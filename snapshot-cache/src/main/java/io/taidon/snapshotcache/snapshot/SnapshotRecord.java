package io.taidon.snapshotcache.snapshot;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A visible snapshot's metadata.
 *
 * @param id snapshot id ({@code s_…})
 * @param owner userId of the owner
 * @param kind {@code chain}, {@code named}, {@code auto} or {@code archive}
 * @param name the user's name for a named snapshot, or null
 * @param chainHash chain hash of a chain snapshot, or null
 * @param parentId the snapshot it derives from, or null
 * @param engineVersion PostgreSQL major version
 * @param logicalSize sum of its files' sizes in bytes
 * @param storedSize compressed bytes of its distinct blobs (shared blobs count for every snapshot listing them)
 * @param createdAt commit time
 * @param lastUsedAt last download, chain-cache hit or in-use mark
 * @param pinned whether retention and eviction must keep it
 */
public record SnapshotRecord(String id, String owner, String kind, @Nullable String name, @Nullable String chainHash,
        @Nullable String parentId, String engineVersion, long logicalSize, long storedSize, Instant createdAt,
        Instant lastUsedAt, boolean pinned) {

    /** Kind of a snapshot keyed by a chain hash. */
    public static final String CHAIN = "chain";

    /** Kind of a snapshot a user saved. */
    public static final String NAMED = "named";

    /** Kind of a snapshot taken automatically (idle suspend, before destructive SQL, schedule). */
    public static final String AUTO = "auto";

    /** Kind of an imported or archived snapshot. */
    public static final String ARCHIVE = "archive";
}
