-- Access tokens revoked before they expire (DESIGN.md "Limits and tokens across replicas"); every service reads the
-- set through GET /internal/revocations. A row is useless once every token it voids has expired (purge_after).
create table revoked_subjects (
    subject        varchar(64) primary key,
    revoked_before timestamptz not null,
    purge_after    timestamptz not null
);

create table revoked_tokens (
    jti         varchar(64) primary key,
    purge_after timestamptz not null
);
create index revoked_tokens_purge_idx on revoked_tokens (purge_after);
create index revoked_subjects_purge_idx on revoked_subjects (purge_after);
