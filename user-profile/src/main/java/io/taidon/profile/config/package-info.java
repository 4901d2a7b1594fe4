/** Taidon user-profile: configuration properties (default quotas per kind, usage deadline) and security wiring. */
@NullMarked
package io.taidon.profile.config;

import org.jspecify.annotations.NullMarked;
