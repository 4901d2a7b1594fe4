package io.taidon.auditlog.query;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/** Queries over {@code audit_event}; read-only (the chain appends with JDBC). */
interface AuditEventRepository extends Repository<AuditEventEntity, Long> {

    Page<AuditEventEntity> findAll(Pageable pageable);

    Page<AuditEventEntity> findByActor(String actor, Pageable pageable);

    Page<AuditEventEntity> findByActorOrObjectId(String actor, String objectId, Pageable pageable);

    Page<AuditEventEntity> findByActorAndObjectId(String actor, String objectId, Pageable pageable);
}
