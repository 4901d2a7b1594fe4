package io.taidon.vcssync.git;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Bodies and answers of the Git sync API. */
final class GitRecords {

    private GitRecords() {
    }

    /**
     * {@code PUT /api/projects/{id}/remote} body.
     *
     * @param url an {@code https://} remote ({@link GitRemotePolicy})
     * @param branch the branch to sync; null for {@code main}
     * @param credentialId one of the caller's credentials; null for a remote that needs none
     */
    record SetRemoteRequest(@Nullable String url, @Nullable String branch, @Nullable String credentialId) {
    }

    /**
     * {@code POST …/pull} body.
     *
     * @param merge whether to merge when both the platform's tree and the remote changed (else 409
     *        {@code pull-needs-merge}); conflicting files get Git's conflict markers and are listed
     */
    record PullRequest(@Nullable Boolean merge) {
    }

    /**
     * {@code POST …/push} body.
     *
     * @param message the commit message; null for a generated one
     */
    record PushRequest(@Nullable String message) {
    }

    /**
     * {@code GET …/status}.
     *
     * @param branch the branch
     * @param remoteCommit the remote branch's commit, or null when the branch does not exist there yet
     * @param syncedCommit the commit the tree was last equal to, or null
     * @param ahead 1 when the platform's tree differs from the synced commit (a push makes one commit), else 0
     * @param behind commits on the remote branch since the synced commit (all of them before the first sync)
     * @param localChanges paths changed here since the synced commit
     * @param remoteChanges paths changed on the remote since the synced commit
     * @param conflicts paths changed on both sides differently (a pull needs {@code merge: true})
     */
    record StatusResponse(String branch, @Nullable String remoteCommit, @Nullable String syncedCommit, int ahead,
            int behind, List<String> localChanges, List<String> remoteChanges, List<String> conflicts) {
    }

    /**
     * @param status {@code up-to-date}, {@code fast-forward} or {@code merged}
     * @param commit the commit the tree now corresponds to
     * @param changed paths the pull changed, added or removed here
     * @param conflicts files merged with conflicts (they hold Git's conflict markers now)
     * @param skipped remote files not taken (path rules, not UTF-8, too large, symlinks, submodules), with why
     */
    record PullResponse(String status, @Nullable String commit, List<String> changed, List<Conflict> conflicts,
            List<String> skipped) {
    }

    /**
     * @param path the file
     * @param kind {@code content} (both changed it; markers written) or {@code delete-modify} (one side removed it,
     *        the other changed it; the changed version is kept)
     */
    record Conflict(String path, String kind) {
    }

    /**
     * @param status {@code pushed} or {@code up-to-date}
     * @param commit the remote branch's commit now
     * @param branch the branch
     */
    record PushResponse(String status, @Nullable String commit, String branch) {
    }
}
