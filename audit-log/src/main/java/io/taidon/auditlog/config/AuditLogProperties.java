package io.taidon.auditlog.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of audit-log ({@code taidon.audit-log.*}).
 *
 * @param maxBatchSize largest number of events one {@code POST /internal/audit/events} may carry
 * @param verifyFetchSize rows fetched per database round trip while the chain is verified (bounds memory)
 */
@Validated
@ConfigurationProperties("taidon.audit-log")
public record AuditLogProperties(
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatchSize,
        @DefaultValue("500") @Min(1) @Max(100_000) int verifyFetchSize) {
}
