/** Client for snapshot-cache's internal upload, manifest and blob endpoints. */
@NullMarked
package io.taidon.envmanager.client.snapshots;

import org.jspecify.annotations.NullMarked;
