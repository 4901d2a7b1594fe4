/** Snapshot-cache signed manifests and their signing keys. */
@NullMarked
package io.taidon.snapshotcache.manifest;

import org.jspecify.annotations.NullMarked;
