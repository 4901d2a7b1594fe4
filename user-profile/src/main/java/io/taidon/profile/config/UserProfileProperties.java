package io.taidon.profile.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of user-profile ({@code taidon.user-profile.*}). The default quotas of each kind are set in
 * {@code application.yml} (anonymous smaller than registered) and can be overridden like any property.
 *
 * @param anonymous default quotas of anonymous visitors
 * @param registered default quotas of registered learners and admins
 * @param usageTimeout deadline of one usage call to env-manager or snapshot-cache
 */
@Validated
@ConfigurationProperties("taidon.user-profile")
public record UserProfileProperties(@Valid @NotNull Quotas anonymous, @Valid @NotNull Quotas registered,
        @DefaultValue("2s") Duration usageTimeout) {

    /**
     * One set of quotas.
     *
     * @param maxSandboxes sandboxes a user may hold at once
     * @param maxNamedSnapshots named snapshots a user may keep
     * @param snapshotStorageBytes bytes of snapshot storage a user may use
     * @param sandboxCpus CPUs per sandbox (fractions allowed)
     * @param sandboxMemory memory per sandbox
     * @param statementTimeout longest a single SQL statement may run
     * @param runsPerMinute SQL runs a user may start per minute
     */
    public record Quotas(@Min(0) int maxSandboxes, @Min(0) int maxNamedSnapshots,
            @NotNull DataSize snapshotStorageBytes, @DecimalMin(value = "0", inclusive = false) double sandboxCpus,
            @NotNull DataSize sandboxMemory, @NotNull Duration statementTimeout, @Min(0) int runsPerMinute) {
    }
}
