/** Gateway wiring: properties, security, servlet filters and routes. */
@NullMarked
package io.taidon.gateway.config;

import org.jspecify.annotations.NullMarked;
