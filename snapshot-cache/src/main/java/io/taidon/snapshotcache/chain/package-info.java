/** Snapshot-cache the chain cache: lookup by chain hash and build leases. */
@NullMarked
package io.taidon.snapshotcache.chain;

import org.jspecify.annotations.NullMarked;
