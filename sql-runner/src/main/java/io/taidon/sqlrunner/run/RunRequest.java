package io.taidon.sqlrunner.run;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/runs} body.
 *
 * @param sql the script; with {@code tailRef}, the text that follows the named tail
 * @param sandboxId the learner's sandbox to run in; null for the learner's default sandbox (created on first use)
 * @param tailRef the {@code tail.ref} of this sandbox's previous run: the script is that run's first
 *        {@code tail.length} characters followed by {@code sql}, so a re-run with a new head need not send the
 *        unchanged tail again; null when {@code sql} is the whole script
 */
public record RunRequest(@NotNull String sql, @Nullable String sandboxId, @Nullable String tailRef) {

    /** A whole script. */
    public RunRequest(String sql, @Nullable String sandboxId) {
        this(sql, sandboxId, null);
    }
}
