/** Taidon platform wiring: audit. */
@NullMarked
package io.taidon.platform.audit;

import org.jspecify.annotations.NullMarked;
