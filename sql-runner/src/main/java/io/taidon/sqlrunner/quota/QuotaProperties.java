package io.taidon.sqlrunner.quota;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run quotas ({@code taidon.sql-runner.quotas.*}).
 *
 * @param cacheTtl how long a user's quotas read from user-profile are reused before they are read again (a hot re-run
 *        takes ~10 ms here, a round trip would cost more); an admin's change applies after at most this long
 */
@ConfigurationProperties("taidon.sql-runner.quotas")
public record QuotaProperties(@DefaultValue("30s") Duration cacheTtl) {
}
