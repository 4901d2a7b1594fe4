-- Run history (DESIGN.md, "Runs as resources"): a run's script text, stored once per user and content (SHA-256 of its
-- UTF-8), for scripts up to 256 KB; erased with the user. Runs of longer scripts keep no text.
create table run_script (
    user_id  varchar(200) not null,
    sha256   varchar(64)  not null,
    sql      text         not null,
    primary key (user_id, sha256)
);
alter table run add column script_sha256 varchar(64);
create index run_user_sandbox_created_idx on run (user_id, sandbox_id, created_at desc);
