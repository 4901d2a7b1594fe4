/** Taidon env-manager: Sandbox lifecycle through the runtime SPI: docker, kubernetes or local processes. */
@NullMarked
package io.taidon.envmanager;

import org.jspecify.annotations.NullMarked;
