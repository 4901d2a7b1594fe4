package io.taidon.snapshotcache.storage;

/** An object the service expected in the bucket is not there (deleted, never written, or evicted). */
public class ObjectMissingException extends RuntimeException {

    /**
     * @param key the missing object's key
     */
    public ObjectMissingException(String key) {
        super("no object " + key);
    }
}
