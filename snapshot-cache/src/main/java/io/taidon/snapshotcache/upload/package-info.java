/** Snapshot-cache the upload protocol: missing blobs, streamed blob uploads, commit. */
@NullMarked
package io.taidon.snapshotcache.upload;

import org.jspecify.annotations.NullMarked;
