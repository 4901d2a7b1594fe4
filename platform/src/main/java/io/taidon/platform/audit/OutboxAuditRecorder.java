package io.taidon.platform.audit;

import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transactional outbox: writes the event into this service's own {@code audit_outbox} table, in the caller's
 * transaction when there is one, so an event is never lost between the action and its delivery.
 * {@link AuditOutboxRelay} delivers it to audit-log.
 */
public class OutboxAuditRecorder implements AuditRecorder {

    private final JdbcTemplate jdbc;

    /**
     * @param jdbc template on the service's own data source (its schema is on the search path)
     */
    public OutboxAuditRecorder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(AuditEvent event) {
        this.jdbc.update("""
                insert into audit_outbox (actor, action, object_type, object_id, outcome, event_time, request_id)
                values (?, ?, ?, ?, ?, ?, ?)""", event.actor(), event.action(), event.objectType(),
                event.objectId(), event.outcome(), Timestamp.from(event.time()), event.requestId());
    }
}
