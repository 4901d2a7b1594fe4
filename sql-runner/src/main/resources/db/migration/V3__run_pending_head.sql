-- The head a run executed in a rolled-back transaction (its text), so that a save can apply it before the capture:
-- a snapshot holds what the learner last saw (DESIGN.md, "Bases, console, save and restore"). Null once applied,
-- or when the head ran in autocommit.
alter table run add column pending_head text;
create index run_sandbox_created_idx on run (sandbox_id, created_at);
