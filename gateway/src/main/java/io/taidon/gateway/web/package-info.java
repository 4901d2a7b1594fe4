/** Servlet filters at the public edge: the public surface, body size cap, CORS and security headers. */
@NullMarked
package io.taidon.gateway.web;

import org.jspecify.annotations.NullMarked;
