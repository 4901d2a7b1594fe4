/** Taidon platform wiring: problem. */
@NullMarked
package io.taidon.platform.problem;

import org.jspecify.annotations.NullMarked;
