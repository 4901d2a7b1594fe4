/** Taidon user-profile: calls to other Taidon services (usage, erasure) with Resilience4j. */
@NullMarked
package io.taidon.profile.client;

import org.jspecify.annotations.NullMarked;
