/** Taidon gateway: The only public entry: JWT validation, per-user rate limits, routing, timeouts and circuit breakers. */
@NullMarked
package io.taidon.gateway;

import org.jspecify.annotations.NullMarked;
