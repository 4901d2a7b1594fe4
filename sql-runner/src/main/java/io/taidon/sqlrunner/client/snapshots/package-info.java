/** Client for snapshot-cache's chain-cache lookup, build leases and blob reads. */
@NullMarked
package io.taidon.sqlrunner.client.snapshots;

import org.jspecify.annotations.NullMarked;
