/** The web app at {@code /}: its index page (with this response's CSP nonce) for every client route, and its assets. */
@NullMarked
package io.taidon.gateway.webapp;

import org.jspecify.annotations.NullMarked;
