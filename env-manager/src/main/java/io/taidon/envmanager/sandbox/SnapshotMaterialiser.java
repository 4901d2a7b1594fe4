package io.taidon.envmanager.sandbox;

import io.taidon.envmanager.runtime.SandboxInstance;
import io.taidon.envmanager.runtime.SandboxSpec;
import io.taidon.platform.problem.ConflictException;
import io.taidon.platform.problem.NotFoundException;

/**
 * Turns a snapshot into the PGDATA of a new, stopped instance (implemented by the {@code snapshot} feature), so
 * that {@link SandboxService} can create or reset a sandbox from a snapshot.
 */
public interface SnapshotMaterialiser {

    /**
     * Checks, before anything is removed, that a user may restore a snapshot here.
     *
     * @param userId who restores
     * @param snapshotId the snapshot
     * @throws NotFoundException when the snapshot does not exist or is another user's private snapshot
     * @throws ConflictException when it was taken with another engine major version or fails verification
     */
    void check(String userId, String snapshotId);

    /**
     * Creates a stopped instance for {@code spec} whose PGDATA holds the snapshot's files (Taidon's configuration
     * files are never taken from it) and whose superuser password is {@code spec.superuserPassword()}.
     *
     * @param spec the new instance (owner = the user who restores)
     * @param snapshotId the snapshot
     * @return the stopped instance; nothing is left behind on failure
     * @throws NotFoundException when the snapshot does not exist or is another user's private snapshot
     * @throws ConflictException when it was taken with another engine major version or fails verification
     */
    SandboxInstance materialise(SandboxSpec spec, String snapshotId);

    /**
     * Records that a sandbox was created or reset from a snapshot (audit, usage mark).
     *
     * @param userId who restored
     * @param snapshotId the snapshot
     * @param sandboxId the sandbox now holding it
     */
    void restored(String userId, String snapshotId, String sandboxId);
}
