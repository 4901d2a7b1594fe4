/** Taidon platform wiring: web. */
@NullMarked
package io.taidon.platform.web;

import org.jspecify.annotations.NullMarked;
