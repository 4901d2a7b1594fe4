/** Taidon platform wiring: erasure. */
@NullMarked
package io.taidon.platform.erasure;

import org.jspecify.annotations.NullMarked;
