package io.taidon.sqlrunner.chain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * Chain snapshots: durable states keyed by chain hash and shared by every user who runs the same prefix, the second
 * cache level after a sandbox's own layers. {@link RemoteChainSnapshots} uses snapshot-cache's chain cache and
 * env-manager's capture and restore; {@link UnavailableChainSnapshots} stands in when they are switched off
 * ({@code taidon.sql-runner.chain-snapshots.enabled=false}) and every lookup misses.
 */
public interface ChainSnapshots {

    /**
     * @param chainHashes {@code h_1 … h_m} of the tail, in order
     * @return the deepest chain snapshot among them, with what was recorded when it was taken
     */
    Optional<Hit> deepest(List<String> chainHashes);

    /**
     * Restores a chain snapshot into the sandbox's learner database.
     *
     * @param sandboxId the sandbox
     * @param hit what {@link #deepest(List)} found
     * @return true when the sandbox now holds that state
     */
    boolean restoreInto(String sandboxId, Hit hit);

    /**
     * Tells the store that a tail was replayed and is cacheable, so its policy may capture a chain snapshot in the
     * background (for example when the replay cost more than a threshold).
     *
     * @param sandboxId the sandbox holding the state (as a layer)
     * @param chainHash the tail's chain hash
     * @param results the recorded results of statements 1..depth
     * @param settings the session settings at that point
     * @param replayCost how long the replay took
     */
    void offer(String sandboxId, String chainHash, List<StatementResult> results, Map<String, String> settings,
            Duration replayCost);

    /**
     * A chain snapshot found for a prefix.
     *
     * @param depth number of statements the snapshot covers
     * @param chainHash {@code h_depth}
     * @param snapshotId the snapshot's id (a new sandbox can be created from it directly)
     * @param results recorded results of statements 1..depth
     * @param settings session settings recorded at that point
     */
    record Hit(int depth, String chainHash, String snapshotId, List<StatementResult> results,
            Map<String, String> settings) {
    }
}
