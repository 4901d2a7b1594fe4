/** Physical snapshots of sandboxes: capture (PGDATA to snapshot-cache) and restore (snapshot-cache to a new PGDATA). */
@NullMarked
package io.taidon.envmanager.snapshot;

import org.jspecify.annotations.NullMarked;
