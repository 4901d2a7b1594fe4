/**
 * The {@code kubernetes} runtime: one pod per running sandbox, a PersistentVolumeClaim for its PGDATA and a
 * Secret for its bootstrap password, in one namespace, through the fabric8 kubernetes-client.
 */
@NullMarked
package io.taidon.envmanager.runtime.kubernetes;

import org.jspecify.annotations.NullMarked;
