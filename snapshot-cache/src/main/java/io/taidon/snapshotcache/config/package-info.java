/** Snapshot-cache wiring: properties, the S3 client and the bucket. */
@NullMarked
package io.taidon.snapshotcache.config;

import org.jspecify.annotations.NullMarked;
