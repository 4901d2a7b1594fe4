package io.taidon.vcssync.project;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A project as the API shows it.
 *
 * @param id {@code prj_…}
 * @param name its name
 * @param sandboxId the sandbox it runs in, or null for the learner's default sandbox
 * @param fileCount files in its tree
 * @param totalBytes bytes of all its files (UTF-8)
 * @param revision counter bumped by every change of the tree
 * @param remote its Git remote, or null when none is set
 * @param createdAt when it was created
 * @param updatedAt when it or its tree last changed
 */
public record ProjectResponse(String id, String name, @Nullable String sandboxId, int fileCount, long totalBytes,
        long revision, @Nullable Remote remote, Instant createdAt, Instant updatedAt) {

    /**
     * @param url the remote's URL (never with credentials in it)
     * @param branch the branch synced
     * @param credentialId the credential used, or null for an anonymous remote
     * @param syncedCommit hex id of the commit the tree was last equal to, or null before the first pull or push
     */
    public record Remote(String url, String branch, @Nullable String credentialId, @Nullable String syncedCommit) {
    }
}
