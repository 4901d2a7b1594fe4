/** Taidon vcs-sync: erasure of a user's projects, files and credentials. */
@NullMarked
package io.taidon.vcssync.erasure;

import org.jspecify.annotations.NullMarked;
