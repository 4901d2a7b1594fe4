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
 * @param runId a UUID the client chose for the run, so that it can follow its progress
 *        ({@code GET /api/runs/{id}}, {@code …/events}) and cancel it ({@code DELETE /api/runs/{id}}) while it runs;
 *        null for one the runner chooses. A run id is used once.
 */
public record RunRequest(@NotNull String sql, @Nullable String sandboxId, @Nullable String tailRef,
        @Nullable String runId) {

    /** A whole script. */
    public RunRequest(String sql, @Nullable String sandboxId) {
        this(sql, sandboxId, null, null);
    }

    /** A script, or what follows a kept tail. */
    public RunRequest(String sql, @Nullable String sandboxId, @Nullable String tailRef) {
        this(sql, sandboxId, tailRef, null);
    }
}
