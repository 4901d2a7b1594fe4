/** Taidon platform wiring: client. */
@NullMarked
package io.taidon.platform.client;

import org.jspecify.annotations.NullMarked;
