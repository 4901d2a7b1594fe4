package io.taidon.sqlrunner.quota;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Run quotas ({@code taidon.sql-runner.quotas.*}).
 *
 * @param cacheTtl how long a user's quotas read from user-profile are reused before they are read again (a hot re-run
 *        takes ~10 ms here, a round trip would cost more); an admin's change applies after at most this long
 * @param savesPerMinute snapshot saves a learner may make per minute (each stops the sandbox briefly and stores a
 *        snapshot), at least 1
 * @param savesPerHour snapshot saves a learner may make per hour, at least 1
 */
@Validated
@ConfigurationProperties("taidon.sql-runner.quotas")
public record QuotaProperties(@DefaultValue("30s") Duration cacheTtl, @DefaultValue("6") @Min(1) int savesPerMinute,
        @DefaultValue("60") @Min(1) int savesPerHour) {
}
