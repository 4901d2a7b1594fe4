-- Transactional outbox of audit events (platform module); delivered to audit-log by AuditOutboxRelay.
create table audit_outbox (
    id          bigserial primary key,
    actor       text        not null,
    action      text        not null,
    object_type text        not null,
    object_id   text,
    outcome     text        not null,
    event_time  timestamptz not null,
    request_id  text
);
