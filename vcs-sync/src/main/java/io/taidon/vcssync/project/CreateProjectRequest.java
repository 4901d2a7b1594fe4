package io.taidon.vcssync.project;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/projects} body.
 *
 * @param name 1 to 100 characters
 * @param templateId a built-in project template to start from ({@link ProjectTemplates}: {@code empty},
 *        {@code starter}), or null for an empty tree
 * @param sandboxId the learner's sandbox the project runs in; null for the learner's default sandbox
 * @param fromSandboxId a sandbox of the learner's whose run history becomes the tree (its last script as
 *        {@code init/001_from_sandbox.sql}, earlier distinct scripts under {@code history/}); null for none. When
 *        {@code sandboxId} is null the project also runs in this sandbox.
 */
public record CreateProjectRequest(@Nullable String name, @Nullable String templateId, @Nullable String sandboxId,
        @Nullable String fromSandboxId) {
}
