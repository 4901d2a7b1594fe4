/** Taidon user-profile: profiles, created and kept current from the caller's JWT, and their local erasure. */
@NullMarked
package io.taidon.profile.account;

import org.jspecify.annotations.NullMarked;
