-- one row per run: who, where, which chain, how much came from the cache, how long; never the rows
create table run (
    id              uuid primary key,
    user_id         varchar(200) not null,
    sandbox_id      varchar(200) not null,
    chain_hashes    text         not null, -- JSON array of hex h_1..h_n
    statement_count integer      not null,
    hit_depth       integer      not null,
    replayed        integer      not null,
    layer_created   boolean      not null,
    error_count     integer      not null,
    status          varchar(20)  not null, -- ok | errors | failed
    duration_ms     bigint       not null,
    head_ms         bigint       not null,
    created_at      timestamptz  not null
);
create index run_user_idx on run (user_id);

-- a layer the runner can resume from: the recorded results of statements 1..depth and the session settings
create table cache_point (
    id           bigserial primary key,
    user_id      varchar(200) not null,
    sandbox_id   varchar(200) not null,
    chain_hash   varchar(64)  not null,
    depth        integer      not null,
    results      text         not null, -- JSON array of statement results, as first executed
    settings     text         not null, -- JSON object name -> value (pg_settings source = 'session')
    created_at   timestamptz  not null,
    unique (sandbox_id, chain_hash)
);
create index cache_point_user_idx on cache_point (user_id);
