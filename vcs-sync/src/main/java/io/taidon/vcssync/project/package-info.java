/** Taidon vcs-sync: projects and their file trees (path rules, ETags, limits, zip export, import from run history). */
@NullMarked
package io.taidon.vcssync.project;

import org.jspecify.annotations.NullMarked;
