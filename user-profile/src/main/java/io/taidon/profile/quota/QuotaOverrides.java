package io.taidon.profile.quota;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/**
 * An admin's per-user quota overrides; each null field means "the default for the user's kind". Also the body of
 * {@code PUT /api/admin/users/{userId}/quotas}, which replaces all overrides at once; values out of range are 400.
 *
 * @param maxSandboxes 0 to 1,000
 * @param maxNamedSnapshots 0 to 100,000
 * @param snapshotStorageBytes 0 to 10 TiB
 * @param sandboxCpus 0.1 to 64
 * @param sandboxMemoryBytes 64 MiB to 1 TiB
 * @param statementTimeoutMs 100 ms to 24 h
 * @param runsPerMinute 0 to 100,000
 */
public record QuotaOverrides(
        @Nullable @Min(0) @Max(1_000) Integer maxSandboxes,
        @Nullable @Min(0) @Max(100_000) Integer maxNamedSnapshots,
        @Nullable @Min(0) @Max(10L * 1024 * 1024 * 1024 * 1024) Long snapshotStorageBytes,
        @Nullable @DecimalMin("0.1") @DecimalMax("64") Double sandboxCpus,
        @Nullable @Min(64L * 1024 * 1024) @Max(1024L * 1024 * 1024 * 1024) Long sandboxMemoryBytes,
        @Nullable @Min(100) @Max(86_400_000) Long statementTimeoutMs,
        @Nullable @Min(0) @Max(100_000) Integer runsPerMinute) {

    /** No overrides: every quota is the default of the user's kind. */
    public static final QuotaOverrides NONE = new QuotaOverrides(null, null, null, null, null, null, null);
}
