package io.taidon.sqlrunner.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chain snapshots ({@code taidon.sql-runner.chain-snapshots.*}).
 *
 * @param enabled whether snapshot-cache's chain cache is used (off: {@link UnavailableChainSnapshots})
 * @param captureThreshold a replay that took at least this long offers its tail as a chain snapshot
 * @param lookupCacheTtl how long a chain-cache hit for a tail is reused (a run asks twice, and hot-path runs repeat
 *        the same tail); a stale hit whose snapshot was evicted falls back to a replay
 * @param lookupMissTtl how long a miss is reused: short, because a miss goes stale as soon as a background capture
 *        of that tail commits, and a stale miss costs every new user of the tail a full replay
 * @param captureLockWait how long a background capture waits for the sandbox while runs hold it
 */
@ConfigurationProperties("taidon.sql-runner.chain-snapshots")
public record ChainSnapshotProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration captureThreshold, @DefaultValue("30s") Duration lookupCacheTtl,
        @DefaultValue("2s") Duration lookupMissTtl, @DefaultValue("5m") Duration captureLockWait) {
}
