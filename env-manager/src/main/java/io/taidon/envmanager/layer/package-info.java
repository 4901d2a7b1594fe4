/** Layers: template databases inside a sandbox keyed by chain hash, with spare clones for fast resets. */
@NullMarked
package io.taidon.envmanager.layer;

import org.jspecify.annotations.NullMarked;
