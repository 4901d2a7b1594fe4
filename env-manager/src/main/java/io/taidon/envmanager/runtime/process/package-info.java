/** The {@code process} runtime: local PostgreSQL processes from the zonky embedded binaries. */
@NullMarked
package io.taidon.envmanager.runtime.process;

import org.jspecify.annotations.NullMarked;
