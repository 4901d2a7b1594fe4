/** Taidon user-profile: the erasure cascade across every service. */
@NullMarked
package io.taidon.profile.erasure;

import org.jspecify.annotations.NullMarked;
