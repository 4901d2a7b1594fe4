package io.taidon.vcssync.project;

import org.jspecify.annotations.Nullable;

/**
 * A project's settings, for the features that act on a whole project (runs, Git sync).
 *
 * @param id {@code prj_…}
 * @param userId its owner
 * @param name its name
 * @param sandboxId where it runs, or null for the owner's default sandbox
 * @param revision the tree's revision
 * @param remoteUrl the Git remote, or null
 * @param remoteBranch its branch, or null
 * @param credentialId the credential for the remote, or null
 * @param syncedCommit the commit the tree was last equal to, or null
 */
public record Project(String id, String userId, String name, @Nullable String sandboxId, long revision,
        @Nullable String remoteUrl, @Nullable String remoteBranch, @Nullable String credentialId,
        @Nullable String syncedCommit) {
}
