/** Taidon user-profile: effective quotas (defaults per kind plus admin overrides) and quota checks. */
@NullMarked
package io.taidon.profile.quota;

import org.jspecify.annotations.NullMarked;
