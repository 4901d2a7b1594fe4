package io.taidon.platform.audit;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

/**
 * Delivers outbox rows to audit-log ({@code POST /internal/audit/events}, a JSON array, oldest first) and deletes
 * them once audit-log has acknowledged them. Undelivered rows stay and are retried; failures are logged and counted
 * ({@code taidon_audit_outbox_failures_total}), the backlog is a gauge ({@code taidon_audit_outbox_pending}).
 */
public class AuditOutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(AuditOutboxRelay.class);

    private static final int BATCH = 200;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final RestClient auditLog;

    private final Counter failures;

    private final Counter delivered;

    /**
     * @param jdbc the service's own data source
     * @param transactions to hold row locks while delivering
     * @param auditLog client for audit-log with this service's token
     * @param meters where the relay's metrics go
     */
    public AuditOutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, RestClient auditLog,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.auditLog = auditLog;
        this.failures = meters.counter("taidon.audit.outbox.failures");
        this.delivered = meters.counter("taidon.audit.outbox.delivered");
        Gauge.builder("taidon.audit.outbox.pending", this, AuditOutboxRelay::pendingSafely).register(meters);
    }

    /** Delivers what is pending; runs every second. */
    @Scheduled(fixedDelayString = "${taidon.audit.relay-interval:1s}", initialDelayString = "1s")
    public void deliverPending() {
        try {
            Integer sent;
            do {
                sent = this.transactions.execute(status -> deliverBatch());
            }
            while (sent != null && sent == BATCH);
        }
        catch (RuntimeException ex) {
            this.failures.increment();
            log.warn("audit events not delivered yet, will retry: {}", ex.toString());
        }
    }

    private int deliverBatch() {
        List<OutboxRow> rows = this.jdbc.query("""
                select id, actor, action, object_type, object_id, outcome, event_time, request_id
                from audit_outbox order by id limit ? for update skip locked""",
                (rs, n) -> new OutboxRow(rs.getLong(1), new AuditEvent(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        rs.getString(8))), BATCH);
        if (rows.isEmpty()) {
            return 0;
        }
        this.auditLog.post().uri("/internal/audit/events")
            .body(rows.stream().map(OutboxRow::event).toList())
            .retrieve()
            .toBodilessEntity();
        this.jdbc.update("delete from audit_outbox where id <= ? and id >= ?", rows.getLast().id(),
                rows.getFirst().id());
        this.delivered.increment(rows.size());
        return rows.size();
    }

    /** @return events waiting for delivery */
    public long pending() {
        Long count = this.jdbc.queryForObject("select count(*) from audit_outbox", Long.class);
        return count == null ? 0 : count;
    }

    private double pendingSafely() {
        try {
            return pending();
        }
        catch (RuntimeException ex) {
            return Double.NaN;
        }
    }

    private record OutboxRow(long id, AuditEvent event) {
    }
}
