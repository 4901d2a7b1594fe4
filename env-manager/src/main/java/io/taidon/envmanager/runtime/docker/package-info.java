/** The {@code docker} runtime: one container per sandbox from the sandbox image, through docker-java. */
@NullMarked
package io.taidon.envmanager.runtime.docker;

import org.jspecify.annotations.NullMarked;
