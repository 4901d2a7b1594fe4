/** The one-command launcher of the embedded mode. */
@NullMarked
package io.taidon.launcher;

import org.jspecify.annotations.NullMarked;
