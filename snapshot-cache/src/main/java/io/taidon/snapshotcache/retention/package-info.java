/** Snapshot-cache retention, eviction and garbage collection. */
@NullMarked
package io.taidon.snapshotcache.retention;

import org.jspecify.annotations.NullMarked;
