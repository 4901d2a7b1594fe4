/** Service-to-service tokens: the OAuth 2.0 client-credentials token endpoint. */
@NullMarked
package io.taidon.idp.service;

import org.jspecify.annotations.NullMarked;
