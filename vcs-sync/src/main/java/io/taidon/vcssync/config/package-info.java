/** Taidon vcs-sync: configuration properties and wiring. */
@NullMarked
package io.taidon.vcssync.config;

import org.jspecify.annotations.NullMarked;
