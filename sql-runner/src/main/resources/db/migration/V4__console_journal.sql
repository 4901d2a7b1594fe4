-- A sandbox's console journal (DESIGN.md, "Bases, console, save and restore"): the text of every console call in
-- order, applied on top of the base as the tail of the next call. Dropped by console reset, and by a reset or
-- restore of the sandbox (entries older than its base_since are stale); erased with the user.
create table console_entry (
    id          bigserial    primary key,
    sandbox_id  varchar(200) not null,
    user_id     varchar(200) not null,
    sql         text         not null,
    statements  integer      not null,
    created_at  timestamptz  not null
);
create index console_entry_sandbox_idx on console_entry (sandbox_id, id);
create index console_entry_user_idx on console_entry (user_id);
