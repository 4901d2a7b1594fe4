-- Append-only, hash-chained audit events (see io.taidon.auditlog.chain.CanonicalEventEncoding for the hash).
create table audit_event (
    id          bigserial primary key,
    actor       text        not null,
    action      text        not null,
    object_type text        not null,
    object_id   text,
    outcome     text        not null,
    event_time  timestamptz not null,
    request_id  text,
    received_at timestamptz not null,
    prev_hash   bytea       not null check (octet_length(prev_hash) = 32),
    hash        bytea       not null check (octet_length(hash) = 32)
);

create index audit_event_actor_idx on audit_event (actor, id desc);
create index audit_event_object_id_idx on audit_event (object_id, id desc);

-- Rows are never changed or removed by the service; anyone who disables this trigger to do so breaks the chain,
-- which GET /internal/audit/verify then names.
create function audit_event_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_refuse_change();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_refuse_change();
