/** Snapshot-cache snapshot metadata, downloads and the named-snapshot API. */
@NullMarked
package io.taidon.snapshotcache.snapshot;

import org.jspecify.annotations.NullMarked;
