/** Login federation with OIDC providers through Spring Security OAuth2 Client (authorization code with PKCE). */
@NullMarked
package io.taidon.idp.oidc;

import org.jspecify.annotations.NullMarked;
