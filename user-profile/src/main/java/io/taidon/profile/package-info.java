/** Taidon user-profile: Accounts, quotas and usage, and the erasure cascade. */
@NullMarked
package io.taidon.profile;

import org.jspecify.annotations.NullMarked;
