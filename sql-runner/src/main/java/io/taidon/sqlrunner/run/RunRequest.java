package io.taidon.sqlrunner.run;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/runs} body.
 *
 * @param sql the script
 * @param sandboxId the learner's sandbox to run in; null for the learner's default sandbox (created on first use)
 */
public record RunRequest(@NotNull String sql, @Nullable String sandboxId) {
}
