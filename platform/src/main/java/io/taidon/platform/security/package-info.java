/** Taidon platform wiring: security. */
@NullMarked
package io.taidon.platform.security;

import org.jspecify.annotations.NullMarked;
