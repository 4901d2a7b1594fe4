/** Erasure of a user's credentials and sessions, keeping a tombstone. */
@NullMarked
package io.taidon.idp.erasure;

import org.jspecify.annotations.NullMarked;
