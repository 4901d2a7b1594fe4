/** Taidon platform wiring. */
@NullMarked
package io.taidon.platform;

import org.jspecify.annotations.NullMarked;
