/** Access tokens (JWT) and refresh tokens (opaque, stored hashed, rotated per family). */
@NullMarked
package io.taidon.idp.token;

import org.jspecify.annotations.NullMarked;
