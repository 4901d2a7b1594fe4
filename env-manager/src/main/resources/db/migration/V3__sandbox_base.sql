-- A sandbox's base: the snapshot a restore, branch or template made its starting point (null: empty), and the
-- reference its chain hashes commit to (h_0): 'empty', or 'sha256:' + the digest of the base snapshot's files.
alter table sandbox add column base_snapshot_id varchar(200);
alter table sandbox add column base_ref varchar(80) not null default 'empty';
-- when the learner last went back to the base (reset, restore, branch, creation): sql-runner's console journal
-- entries older than this are stale
alter table sandbox add column base_since timestamptz not null default now();
