-- Profiles, created lazily from the caller's JWT (io.taidon.profile.account.ProfileService).
create table user_profile (
    user_id    text primary key,
    kind       text        not null check (kind in ('anonymous', 'registered')),
    email      text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

-- Per-user quota overrides set by admins; a null column means the default for the user's kind.
create table quota_override (
    user_id                text primary key references user_profile (user_id) on delete cascade,
    max_sandboxes          integer check (max_sandboxes >= 0),
    max_named_snapshots    integer check (max_named_snapshots >= 0),
    snapshot_storage_bytes bigint check (snapshot_storage_bytes >= 0),
    sandbox_cpus           double precision check (sandbox_cpus > 0),
    sandbox_memory_bytes   bigint check (sandbox_memory_bytes > 0),
    statement_timeout_ms   bigint check (statement_timeout_ms > 0),
    runs_per_minute        integer check (runs_per_minute >= 0),
    updated_at             timestamptz not null
);

-- Users erased through DELETE /api/me: their still-valid access tokens must not bring the profile back.
create table erased_user (
    user_id   text primary key,
    erased_at timestamptz not null
);
