package io.taidon.profile.client;

import org.jspecify.annotations.Nullable;

/**
 * env-manager's answer to {@code GET /internal/users/{userId}/usage}.
 *
 * @param sandboxes sandboxes the user holds, or null when env-manager did not answer
 */
public record SandboxUsage(@Nullable Long sandboxes) {

    /** Usage that could not be fetched. */
    public static final SandboxUsage UNKNOWN = new SandboxUsage(null);
}
