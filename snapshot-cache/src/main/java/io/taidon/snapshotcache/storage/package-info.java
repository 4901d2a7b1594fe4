/** Snapshot-cache object storage: the S3 client wrapper and content-addressed blobs. */
@NullMarked
package io.taidon.snapshotcache.storage;

import org.jspecify.annotations.NullMarked;
