/** Taidon vcs-sync: Git credentials, encrypted at rest with Tink and scoped to their owner. */
@NullMarked
package io.taidon.vcssync.credential;

import org.jspecify.annotations.NullMarked;
