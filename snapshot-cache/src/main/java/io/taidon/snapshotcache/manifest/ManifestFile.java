package io.taidon.snapshotcache.manifest;

/**
 * One file of a snapshot.
 *
 * @param path path relative to the data directory, {@code /}-separated
 * @param mode POSIX permission bits, e.g. {@code 384} for {@code 0600}
 * @param size uncompressed size in bytes
 * @param sha256 lower-case hex SHA-256 of the content: the blob's address
 */
public record ManifestFile(String path, int mode, long size, String sha256) {
}
