-- SQL projects of learners: the platform's copy is the source of truth; a Git remote is synced on request only.
create table project (
    id            text        primary key,
    user_id       text        not null,
    name          text        not null,
    sandbox_id    text,
    -- bumped by every change of the file tree, so a Git pull applies only to the tree it was computed from
    revision      bigint      not null default 0,
    remote_url    text,
    remote_branch text,
    credential_id text,
    -- the commit the tree was last equal to (after a pull or a push), hex SHA-1
    synced_commit text,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

create index project_user_idx on project (user_id, created_at);

create table project_file (
    project_id text        not null references project (id) on delete cascade,
    path       text        not null,
    content    text        not null,
    -- hex SHA-256 of the UTF-8 content: the file's strong ETag
    sha256     text        not null,
    size_bytes integer     not null,
    updated_at timestamptz not null,
    primary key (project_id, path)
);

-- Git credentials: the secret (and the user name that goes with it) only as Tink AEAD ciphertext, bound to its
-- owner and id as associated data (io.taidon.vcssync.credential.CredentialCipher).
create table git_credential (
    id         text        primary key,
    user_id    text        not null,
    name       text        not null,
    kind       text        not null,
    ciphertext bytea       not null,
    created_at timestamptz not null
);

create index git_credential_user_idx on git_credential (user_id);
