/** idp-adapter configuration: properties and the two security filter chains (OIDC login with a session, stateless resource server). */
@NullMarked
package io.taidon.idp.config;

import org.jspecify.annotations.NullMarked;
