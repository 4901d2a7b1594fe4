/** ES256 signing keys in the idp schema: generation, scheduled rotation, the JWKS and the decoder over the same keys. */
@NullMarked
package io.taidon.idp.key;

import org.jspecify.annotations.NullMarked;
