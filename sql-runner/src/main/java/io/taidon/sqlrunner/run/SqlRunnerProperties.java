package io.taidon.sqlrunner.run;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * sql-runner settings ({@code taidon.sql-runner.*}).
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
        @DefaultValue("128MB") DataSize warmSessionBytes) {
}
