package io.taidon.profile.me;

import org.jspecify.annotations.Nullable;

/**
 * What the user holds now; a field is null when the service that knows it did not answer in time.
 *
 * @param sandboxes sandboxes (env-manager)
 * @param namedSnapshots named snapshots (snapshot-cache)
 * @param snapshotStorageBytes snapshot storage in bytes (snapshot-cache)
 */
public record UsageResponse(@Nullable Long sandboxes, @Nullable Long namedSnapshots,
        @Nullable Long snapshotStorageBytes) {
}
