package io.taidon.snapshotcache.upload;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.taidon.snapshotcache.manifest.ManifestFile;

/** Request and response bodies of the upload protocol. */
final class UploadRequests {

    private UploadRequests() {
    }

    /**
     * Opens an upload (or finds the one opened with the same idempotency key).
     *
     * @param owner userId the snapshot belongs to
     * @param kind {@code chain}, {@code named}, {@code auto} or {@code archive}
     * @param engineVersion PostgreSQL major version of the captured data directory
     * @param parentId snapshot this one derives from, or null
     * @param chainHash chain hash (required for {@code chain})
     * @param name the user's name for a named snapshot, or null
     * @param idempotencyKey the client's key: the same key (per owner) always leads to the same snapshot
     * @param files every file of the snapshot
     */
    record CreateUploadRequest(String owner, String kind, String engineVersion, @Nullable String parentId,
            @Nullable String chainHash, @Nullable String name, String idempotencyKey, List<ManifestFile> files) {
    }

    /**
     * @param uploadId id for the blob and commit calls
     * @param missing SHA-256s of the blobs the store does not hold yet (send only these)
     * @param snapshotId the snapshot, when this key was already committed
     */
    record UploadResponse(String uploadId, List<String> missing, @Nullable String snapshotId) {
    }

    /**
     * @param sha256 the blob's address
     * @param size uncompressed bytes received (0 when it was already stored)
     * @param storedSize compressed bytes in the store
     */
    record BlobResponse(String sha256, long size, long storedSize) {
    }

    /**
     * @param snapshotId the visible snapshot
     * @param kind its kind
     * @param chainHash its chain hash, or null
     * @param logicalSize uncompressed bytes of its files
     * @param storedSize compressed bytes of its distinct blobs
     * @param createdAt commit time
     */
    record CommitResponse(String snapshotId, String kind, @Nullable String chainHash, long logicalSize,
            long storedSize, Instant createdAt) {
    }
}
