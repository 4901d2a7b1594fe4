package io.taidon.profile.quota;

import io.taidon.profile.config.UserProfileProperties;

/**
 * A user's effective quotas, in plain units.
 *
 * @param maxSandboxes sandboxes at once
 * @param maxNamedSnapshots named snapshots kept
 * @param snapshotStorageBytes snapshot storage, bytes
 * @param sandboxCpus CPUs per sandbox
 * @param sandboxMemoryBytes memory per sandbox, bytes
 * @param statementTimeoutMs longest statement, milliseconds
 * @param runsPerMinute SQL runs per minute
 */
public record QuotasResponse(int maxSandboxes, int maxNamedSnapshots, long snapshotStorageBytes, double sandboxCpus,
        long sandboxMemoryBytes, long statementTimeoutMs, int runsPerMinute) {

    static QuotasResponse of(UserProfileProperties.Quotas defaults, QuotaOverrides overrides) {
        return new QuotasResponse(
                overrides.maxSandboxes() != null ? overrides.maxSandboxes() : defaults.maxSandboxes(),
                overrides.maxNamedSnapshots() != null ? overrides.maxNamedSnapshots() : defaults.maxNamedSnapshots(),
                overrides.snapshotStorageBytes() != null ? overrides.snapshotStorageBytes()
                        : defaults.snapshotStorageBytes().toBytes(),
                overrides.sandboxCpus() != null ? overrides.sandboxCpus() : defaults.sandboxCpus(),
                overrides.sandboxMemoryBytes() != null ? overrides.sandboxMemoryBytes()
                        : defaults.sandboxMemory().toBytes(),
                overrides.statementTimeoutMs() != null ? overrides.statementTimeoutMs()
                        : defaults.statementTimeout().toMillis(),
                overrides.runsPerMinute() != null ? overrides.runsPerMinute() : defaults.runsPerMinute());
    }
}
