/** The gateway's routes to the services and the deadline and circuit breaker around each proxied call. */
@NullMarked
package io.taidon.gateway.route;

import org.jspecify.annotations.NullMarked;
