/** Taidon user-profile: the caller's own account: GET and DELETE /api/me. */
@NullMarked
package io.taidon.profile.me;

import org.jspecify.annotations.NullMarked;
