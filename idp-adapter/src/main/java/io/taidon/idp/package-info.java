/** Taidon idp-adapter: Issues the platform's JWTs and JWKS: anonymous sessions, email/password accounts, OIDC federation, refresh tokens, service tokens. */
@NullMarked
package io.taidon.idp;

import org.jspecify.annotations.NullMarked;
