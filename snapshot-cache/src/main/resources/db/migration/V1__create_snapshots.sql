-- Ed25519 keys that sign manifests; a retired key no longer signs but still verifies what it signed
create table signing_key (
    id          varchar(40)  primary key,
    public_key  bytea        not null,
    private_key bytea        not null,
    created_at  timestamptz  not null,
    retired_at  timestamptz
);
create unique index signing_key_one_active on signing_key ((true)) where retired_at is null;

-- one row per visible snapshot, mirroring manifests/<id>.json
create table snapshot (
    id              varchar(40)  primary key,
    owner           varchar(200) not null,
    kind            varchar(16)  not null check (kind in ('chain', 'named', 'auto', 'archive')),
    name            varchar(200),
    chain_hash      varchar(64),
    parent_id       varchar(40),
    engine_version  varchar(40)  not null,
    logical_size    bigint       not null,
    stored_size     bigint       not null,
    created_at      timestamptz  not null,
    last_used_at    timestamptz  not null,
    pinned          boolean      not null default false
);
create unique index snapshot_chain_hash on snapshot (chain_hash) where kind = 'chain';
create index snapshot_owner on snapshot (owner, kind);
create index snapshot_parent on snapshot (parent_id);

-- which blobs a snapshot lists (for GC and for refusing a blob download outside the snapshot)
create table snapshot_blob (
    snapshot_id varchar(40) not null references snapshot (id) on delete cascade,
    sha256      char(64)    not null,
    primary key (snapshot_id, sha256)
);
create index snapshot_blob_sha256 on snapshot_blob (sha256);

-- stored blobs (compressed size), for the stored-bytes gauge
create table blob (
    sha256      char(64)    primary key,
    size        bigint      not null,
    stored_size bigint      not null,
    created_at  timestamptz not null
);

-- uploads in progress or committed; an open upload protects its blobs from GC
create table upload (
    id               varchar(40)  primary key,
    owner            varchar(200) not null,
    kind             varchar(16)  not null,
    name             varchar(200),
    chain_hash       varchar(64),
    parent_id        varchar(40),
    engine_version   varchar(40)  not null,
    idempotency_key  varchar(200) not null,
    files            text         not null,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    snapshot_id      varchar(40),
    unique (owner, idempotency_key)
);

create table upload_blob (
    upload_id varchar(40) not null references upload (id) on delete cascade,
    sha256    char(64)    not null,
    primary key (upload_id, sha256)
);
create index upload_blob_sha256 on upload_blob (sha256);

-- at most one build per chain hash at a time
create table build_lease (
    chain_hash varchar(64)  primary key,
    lease_id   varchar(40)  not null,
    holder     varchar(200) not null,
    expires_at timestamptz  not null
);
