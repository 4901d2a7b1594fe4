/** Taidon platform wiring: config. */
@NullMarked
package io.taidon.platform.config;

import org.jspecify.annotations.NullMarked;
