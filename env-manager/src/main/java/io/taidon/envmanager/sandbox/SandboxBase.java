package io.taidon.envmanager.sandbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A sandbox's base (DESIGN.md, "Bases, console, save and restore"): the state every script run starts from and
 * every reset goes back to. Empty, or a snapshot that a restore or a branch made the base; a sandbox booted from a
 * chain snapshot keeps an empty base (a cache hit is not a restore).
 * <p>
 * {@link #ref()} is what sql-runner's {@code h_0} commits to ({@code taidon-chain/v2}): {@value #EMPTY}, or
 * {@code sha256:} and the hex SHA-256 of the base snapshot's file list ({@code SnapshotRestore#contentDigest}), so
 * two sandboxes whose bases hold the same files share chain snapshots and different bases never collide.
 *
 * @param snapshotId the base snapshot, or null for an empty base
 * @param ref the base reference: {@value #EMPTY} or {@code sha256:<64 hex>}
 * @param since when the learner last went back to it (creation, reset, restore): the console journal before that
 *        is stale
 */
public record SandboxBase(@Nullable String snapshotId, String ref, Instant since) {

    /** The reference of an empty base. */
    public static final String EMPTY = "empty";

    /** @return whether the base is empty */
    public boolean empty() {
        return this.snapshotId == null;
    }
}
