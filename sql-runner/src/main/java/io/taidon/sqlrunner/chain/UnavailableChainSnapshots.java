package io.taidon.sqlrunner.chain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * Chain snapshots switched off ({@code taidon.sql-runner.chain-snapshots.enabled=false}): every lookup misses and
 * offers are dropped; {@link RemoteChainSnapshots} is the default.
 */
@Component
@ConditionalOnProperty(name = "taidon.sql-runner.chain-snapshots.enabled", havingValue = "false")
class UnavailableChainSnapshots implements ChainSnapshots {

    @Override
    public Optional<Hit> deepest(List<String> chainHashes) {
        return Optional.empty();
    }

    @Override
    public boolean restoreInto(String sandboxId, Hit hit) {
        return false;
    }

    @Override
    public void offer(String sandboxId, String chainHash, List<StatementResult> results, Map<String, String> settings,
            Duration replayCost) {
        // nothing to do until snapshot-cache serves chain snapshots
    }
}
