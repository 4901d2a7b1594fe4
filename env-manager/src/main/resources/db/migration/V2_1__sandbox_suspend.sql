-- A suspended sandbox has no runtime instance: its state is the auto snapshot named here, from which it resumes.
alter table sandbox add column suspended_snapshot_id varchar(200);
