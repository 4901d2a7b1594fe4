/** Taidon vcs-sync: SQL projects, their runs and Git sync. */
@NullMarked
package io.taidon.vcssync;

import org.jspecify.annotations.NullMarked;
