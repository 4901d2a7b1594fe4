package io.taidon.snapshotcache.storage;

import io.taidon.platform.problem.InvalidRequestException;

/** 400 {@code blob-hash-mismatch}: uploaded bytes do not hash to the SHA-256 they were sent for. */
public class BlobHashMismatchException extends InvalidRequestException {

    /**
     * @param expected the SHA-256 the client announced
     * @param actual the SHA-256 of the bytes received
     */
    public BlobHashMismatchException(String expected, String actual) {
        super("blob-hash-mismatch", "The uploaded bytes hash to " + actual + ", not " + expected + ".");
    }
}
