/** The revocation list of access tokens: by subject (erasure, role change) and by {@code jti} (logout). */
@NullMarked
package io.taidon.idp.revocation;

import org.jspecify.annotations.NullMarked;
