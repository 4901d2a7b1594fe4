/** Taidon snapshot-cache: Snapshots (manifests and blobs) in S3, the chain cache, retention and garbage collection. */
@NullMarked
package io.taidon.snapshotcache;

import org.jspecify.annotations.NullMarked;
