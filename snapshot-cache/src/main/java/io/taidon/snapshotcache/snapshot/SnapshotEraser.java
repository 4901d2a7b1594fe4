package io.taidon.snapshotcache.snapshot;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/**
 * Erasure: deletes every snapshot the user owns (rows and manifests; the blobs go with the next garbage
 * collection once nothing else lists them) and abandons the user's open uploads.
 */
@Component
class SnapshotEraser implements UserDataEraser {

    private final SnapshotService snapshots;

    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    SnapshotEraser(SnapshotService snapshots, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.snapshots = snapshots;
        this.jdbc = jdbc;
    }

    @Override
    public void erase(String userId) {
        for (SnapshotRecord snapshot : this.snapshots.allOf(userId)) {
            this.snapshots.delete(snapshot, "snapshot-cache");
        }
        this.jdbc.sql("delete from upload where owner = ?").param(userId).update();
    }
}
