package io.taidon.snapshotcache.storage;

import org.springframework.http.HttpStatus;

import io.taidon.platform.problem.TaidonProblemException;

/**
 * 409 {@code snapshot-corrupt}: a stored blob or manifest does not match what was signed or addressed (a hash
 * mismatch, an undecodable blob, a missing, unknown or invalid signature). The snapshot is refused, never restored.
 */
public class SnapshotCorruptException extends TaidonProblemException {

    /**
     * @param detail which part failed verification (safe to show: ids and hashes only)
     */
    public SnapshotCorruptException(String detail) {
        super(HttpStatus.CONFLICT, "snapshot-corrupt", "Snapshot corrupt", detail);
    }
}
