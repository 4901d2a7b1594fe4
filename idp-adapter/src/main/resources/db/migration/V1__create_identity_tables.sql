-- Identities: u_anon_…, u_local_…, u_oidc_… ids; an erased user keeps only this row (tombstone) so the id is never reused.
create table users (
    user_id       varchar(64)  primary key,
    kind          varchar(16)  not null check (kind in ('anonymous', 'registered', 'federated')),
    email         varchar(320) unique,
    password_hash varchar(255),
    role          varchar(16)  not null,
    created_at    timestamptz  not null,
    erased_at     timestamptz
);

-- Refresh tokens are stored only as the hex SHA-256 of the opaque token; one family per sign-in, rotated on use.
create table refresh_tokens (
    token_hash  varchar(64) primary key,
    family_id   uuid        not null,
    user_id     varchar(64) not null references users (user_id) on delete cascade,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    revoked_at  timestamptz,
    replaced_by varchar(64)
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

-- ES256 signing keys as private JWK JSON; retired_at is set when a newer key takes over.
create table signing_keys (
    kid         varchar(64) primary key,
    private_jwk text        not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);

-- (issuer, subject) of an OIDC provider's user mapped to a stable u_oidc_… userId.
create table federated_identities (
    issuer     varchar(1024) not null,
    subject    varchar(255)  not null,
    user_id    varchar(64)   not null references users (user_id) on delete cascade,
    created_at timestamptz   not null,
    primary key (issuer, subject)
);
create index federated_identities_user_idx on federated_identities (user_id);

-- Failed sign-ins per throttle key (email:… or ip:…), shared by every replica.
create table failed_logins (
    id           bigserial    primary key,
    throttle_key varchar(400) not null,
    failed_at    timestamptz  not null
);
create index failed_logins_key_time_idx on failed_logins (throttle_key, failed_at);
