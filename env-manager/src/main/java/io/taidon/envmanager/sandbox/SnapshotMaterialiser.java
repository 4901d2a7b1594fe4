package io.taidon.envmanager.sandbox;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

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
     * files are never taken from it). Its superuser password is {@link Materialised#bootPassword()}: either
     * {@code spec.superuserPassword()} or a password of env-manager's node snapshot copies ({@code NodeSnapshotStore}), which the caller
     * replaces by {@code spec.superuserPassword()} right after the first start ({@code ALTER ROLE}).
     *
     * @param spec the new instance (owner = the user who restores)
     * @param snapshotId the snapshot
     * @param clock records where the time goes ({@code manifest}, {@code download}, {@code local-copy}, …)
     * @return the stopped instance; nothing is left behind on failure
     * @throws NotFoundException when the snapshot does not exist or is another user's private snapshot
     * @throws ConflictException when it was taken with another engine major version or fails verification
     */
    Materialised materialise(SandboxSpec spec, String snapshotId, PhaseClock clock);

    /**
     * A new, stopped instance whose PGDATA is a copy of the node's pre-initialised, hardened empty cluster (learner
     * role, {@code taidon_empty}, {@code learner}), when one is cached: no initdb. The caller sets fresh passwords
     * and limits as after a restore.
     *
     * @param spec the new instance
     * @param clock records where the time goes
     * @return the stopped instance, or empty when there is no template yet
     */
    Optional<Materialised> fromEmptyTemplate(SandboxSpec spec, PhaseClock clock);

    /**
     * Keeps a stopped, hardened empty cluster as the node's empty template.
     *
     * @param pgdata its PGDATA
     * @param bootPassword its superuser password
     */
    void saveEmptyTemplate(java.nio.file.Path pgdata, String bootPassword);

    /**
     * A restored, stopped instance.
     *
     * @param instance the instance
     * @param bootPassword the superuser password its PGDATA holds now
     * @param chainHash the snapshot's chain hash (a chain snapshot), else null
     * @param baseRef the {@link SandboxBase#ref()} of a sandbox whose base this snapshot becomes ({@code sha256:}
     *        and the digest of its files), or null for the empty template
     */
    record Materialised(SandboxInstance instance, String bootPassword, @Nullable String chainHash,
            @Nullable String baseRef) {

        @Override
        public String toString() {
            return "Materialised[" + this.instance.sandboxId() + "]";
        }
    }

    /**
     * Records that a sandbox was created or reset from a snapshot (audit, usage mark).
     *
     * @param userId who restored
     * @param snapshotId the snapshot
     * @param sandboxId the sandbox now holding it
     */
    void restored(String userId, String snapshotId, String sandboxId);
}
