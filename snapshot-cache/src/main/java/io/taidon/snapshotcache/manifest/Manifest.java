package io.taidon.snapshotcache.manifest;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot's manifest, stored as {@code manifests/<snapshotId>.json} (format version 1, fields as in DESIGN.md).
 *
 * @param formatVersion always {@link #FORMAT_VERSION}
 * @param snapshotId the snapshot's id
 * @param owner userId of the owner ({@code chain} snapshots: the user whose run built it)
 * @param kind {@code chain}, {@code named}, {@code auto} or {@code archive}
 * @param engineVersion PostgreSQL major version of the captured data directory, e.g. {@code 18}
 * @param parentId the snapshot this one was derived from, or null
 * @param createdAt ISO-8601 UTC instant of the commit
 * @param chainHash the chain hash of a chain snapshot, or null
 * @param files every file of the captured data directory, in capture order
 * @param totalSize sum of the files' sizes in bytes
 * @param signature Ed25519 signature over the canonical bytes (null only before signing)
 */
public record Manifest(int formatVersion, String snapshotId, String owner, String kind, String engineVersion,
        @Nullable String parentId, String createdAt, @Nullable String chainHash, List<ManifestFile> files,
        long totalSize, @Nullable ManifestSignature signature) {

    /** The only format version this service writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /**
     * @param signature the signature to attach
     * @return this manifest, signed
     */
    public Manifest withSignature(ManifestSignature signature) {
        return new Manifest(this.formatVersion, this.snapshotId, this.owner, this.kind, this.engineVersion,
                this.parentId, this.createdAt, this.chainHash, this.files, this.totalSize, signature);
    }
}
