package io.taidon.profile.client;

import org.jspecify.annotations.Nullable;

/**
 * snapshot-cache's answer to {@code GET /internal/users/{userId}/usage}.
 *
 * @param namedSnapshots named snapshots the user keeps, or null when snapshot-cache did not answer
 * @param storedBytes bytes of snapshot storage they use, or null when snapshot-cache did not answer
 */
public record SnapshotUsage(@Nullable Long namedSnapshots, @Nullable Long storedBytes) {

    /** Usage that could not be fetched. */
    public static final SnapshotUsage UNKNOWN = new SnapshotUsage(null, null);
}
