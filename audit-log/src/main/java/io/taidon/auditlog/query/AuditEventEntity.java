package io.taidon.auditlog.query;

import java.time.Instant;
import java.util.HexFormat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/** Read-only view of an {@code audit_event} row; rows are written only by the chain. */
@Entity
@Immutable
@Table(name = "audit_event")
class AuditEventEntity {

    @Id
    private Long id = 0L;

    private String actor = "";

    private String action = "";

    @Column(name = "object_type")
    private String objectType = "";

    @Column(name = "object_id")
    private @Nullable String objectId;

    private String outcome = "";

    @Column(name = "event_time")
    private Instant eventTime = Instant.EPOCH;

    @Column(name = "request_id")
    private @Nullable String requestId;

    @Column(name = "received_at")
    private Instant receivedAt = Instant.EPOCH;

    @Column(name = "prev_hash")
    private byte[] prevHash = new byte[0];

    private byte[] hash = new byte[0];

    protected AuditEventEntity() {
        // for JPA
    }

    AuditEventResponse toResponse() {
        return new AuditEventResponse(this.id, this.actor, this.action, this.objectType, this.objectId, this.outcome,
                this.eventTime, this.requestId, this.receivedAt, HexFormat.of().formatHex(this.hash));
    }
}
