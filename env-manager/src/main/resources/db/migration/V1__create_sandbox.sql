-- Sandboxes and their layers. Passwords are stored encrypted (AES-GCM, SandboxCredentials) and never leave
-- env-manager except the learner's, to sql-runner, through the internal connection endpoint.
create table sandbox (
    id               varchar(40)  primary key,
    user_id          varchar(200) not null,
    runtime          varchar(20)  not null,
    status           varchar(20)  not null,
    engine_version   varchar(20)  not null,
    default_sandbox  boolean      not null default false,
    created_at       timestamptz  not null,
    last_used_at     timestamptz  not null,
    runtime_handle   varchar(1000),
    host             varchar(255),
    port             integer,
    superuser_secret text         not null,
    learner_secret   text         not null
);

create index sandbox_user_idx on sandbox (user_id);

-- at most one default sandbox per user (the one sql-runner uses)
create unique index sandbox_default_idx on sandbox (user_id) where default_sandbox;

create table sandbox_layer (
    sandbox_id    varchar(40) not null references sandbox (id) on delete cascade,
    chain_hash    varchar(64) not null,
    database_name varchar(63) not null,
    created_at    timestamptz not null,
    last_used_at  timestamptz not null,
    primary key (sandbox_id, chain_hash)
);
