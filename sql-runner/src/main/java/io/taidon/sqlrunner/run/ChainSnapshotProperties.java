package io.taidon.sqlrunner.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Chain snapshots ({@code taidon.sql-runner.chain-snapshots.*}).
 *
 * @param enabled whether snapshot-cache's chain cache is used (off: {@link UnavailableChainSnapshots})
 * @param captureThreshold a replay that took at least this long offers its tail as a chain snapshot
 * @param lookupCacheTtl how long a chain-cache lookup answer is reused (a run asks twice for the same tail)
 * @param captureLockWait how long a background capture waits for the sandbox while runs hold it
 */
@ConfigurationProperties("taidon.sql-runner.chain-snapshots")
public record ChainSnapshotProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration captureThreshold, @DefaultValue("2s") Duration lookupCacheTtl,
        @DefaultValue("5m") Duration captureLockWait) {
}
