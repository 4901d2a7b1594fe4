package io.taidon.auditlog.query;

import java.time.Instant;

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
    private Long id;

    private String actor;

    private String action;

    @Column(name = "object_type")
    private String objectType;

    @Column(name = "object_id")
    private @Nullable String objectId;

    private String outcome;

    @Column(name = "event_time")
    private Instant eventTime;

    @Column(name = "request_id")
    private @Nullable String requestId;

    @Column(name = "received_at")
    private Instant receivedAt;

    @Column(name = "prev_hash")
    private byte[] prevHash;

    private byte[] hash;

    @SuppressWarnings("NullAway.Init")
    protected AuditEventEntity() {
        // for JPA
        this.id = 0L;
        this.actor = "";
        this.action = "";
        this.objectType = "";
        this.outcome = "";
        this.eventTime = Instant.EPOCH;
        this.receivedAt = Instant.EPOCH;
        this.prevHash = new byte[0];
        this.hash = new byte[0];
    }

    AuditEventResponse toResponse() {
        return new AuditEventResponse(this.id, this.actor, this.action, this.objectType, this.objectId, this.outcome,
                this.eventTime, this.requestId, this.receivedAt, java.util.HexFormat.of().formatHex(this.hash));
    }
}
