package io.taidon.sqlrunner.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * sql-runner settings ({@code taidon.sql-runner.*}), one validated tree: a wrong value stops the start with a message
 * naming the key.
 *
 * @param engineMajor PostgreSQL major version of the sandboxes (enters {@code h_0})
 * @param settingsFingerprint fingerprint of the sandboxes' server settings (enters {@code h_0}); change it when the
 *        sandbox configuration changes so that no layer of the old configuration is reused
 * @param maxScriptSize largest script accepted (UTF-8 bytes)
 * @param maxRows rows returned per statement before {@code truncated}
 * @param maxBytes bytes of values returned per statement before {@code truncated} (4 per value plus its length)
 * @param maxRunBytes bytes of results one run holds in all, cached ones included; later statements run but return
 *        no rows ({@code truncated}, with a notice)
 * @param resultMemory bytes of results all runs of this process may hold at once (a share of the heap); beyond it
 *        statements run but return no rows ({@code truncated}, with a notice)
 * @param statementTimeout wall-clock deadline per statement, enforced by the runner
 * @param runTimeout wall-clock deadline per run, enforced by the runner
 * @param cancelGrace time a canceled statement gets before the runner closes its connection
 * @param lockWait how long a run waits for another run on the same sandbox before answering 409
 * @param warmSessions learner connections kept open, clean at a cache point, for the next run of their sandbox (hot
 *        path; 0 turns it off)
 * @param warmSessionIdle how long a kept connection may stay unused before it is closed
 * @param warmSessionBytes memory the kept sessions may hold in all: their tails' texts (a text shared by several
 *        counts once) and recorded results; beyond it the least recently used are closed
 * @param quotas run and save quotas ({@code taidon.sql-runner.quotas.*})
 * @param chainSnapshots the chain cache ({@code taidon.sql-runner.chain-snapshots.*})
 */
@Validated
@ConfigurationProperties("taidon.sql-runner")
public record SqlRunnerProperties(
        @DefaultValue("18") @Min(10) int engineMajor,
        @DefaultValue("default") String settingsFingerprint,
        @DefaultValue("8MB") DataSize maxScriptSize,
        @DefaultValue("1000") @Min(1) int maxRows,
        @DefaultValue("4MB") DataSize maxBytes,
        @DefaultValue("16MB") DataSize maxRunBytes,
        @DefaultValue("192MB") DataSize resultMemory,
        @DefaultValue("30s") Duration statementTimeout,
        @DefaultValue("5m") Duration runTimeout,
        @DefaultValue("2s") Duration cancelGrace,
        @DefaultValue("2s") Duration lockWait,
        @DefaultValue("200") @Min(0) int warmSessions,
        @DefaultValue("2m") Duration warmSessionIdle,
        @DefaultValue("128MB") DataSize warmSessionBytes,
        @DefaultValue @Valid Quotas quotas,
        @DefaultValue @Valid ChainSnapshotOptions chainSnapshots) {

    /**
     * Run quotas ({@code taidon.sql-runner.quotas.*}).
     *
     * @param cacheTtl how long a user's quotas read from user-profile are reused before they are read again (a hot
     *        re-run takes ~10 ms here, a round trip would cost more); an admin's change applies after at most this
     *        long
     * @param savesPerMinute snapshot saves a learner may make per minute (each stops the sandbox briefly and stores a
     *        snapshot), at least 1
     * @param savesPerHour snapshot saves a learner may make per hour, at least 1
     */
    public record Quotas(@DefaultValue("30s") Duration cacheTtl, @DefaultValue("6") @Min(1) int savesPerMinute,
            @DefaultValue("60") @Min(1) int savesPerHour) {
    }

    /**
     * Chain snapshots ({@code taidon.sql-runner.chain-snapshots.*}).
     *
     * @param enabled whether snapshot-cache's chain cache is used (off: every lookup misses)
     * @param captureThreshold a replay that took at least this long offers its tail as a chain snapshot
     * @param lookupCacheTtl how long a chain-cache hit for a tail is reused (a run asks twice, and hot-path runs
     *        repeat the same tail); a stale hit whose snapshot was evicted falls back to a replay
     * @param lookupMissTtl how long a miss is reused: short, because a miss goes stale as soon as a background capture
     *        of that tail commits, and a stale miss costs every new user of the tail a full replay
     * @param captureLockWait how long a background capture waits for the sandbox while runs hold it
     */
    public record ChainSnapshotOptions(@DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration captureThreshold, @DefaultValue("30s") Duration lookupCacheTtl,
            @DefaultValue("2s") Duration lookupMissTtl, @DefaultValue("5m") Duration captureLockWait) {
    }
}
