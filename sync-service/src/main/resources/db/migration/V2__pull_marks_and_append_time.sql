-- The highest rejection a pull has handed to the device: socket frames carry cursors from this mark,
-- never past a rejection the device may not have seen.
alter table devices add column rejections_pulled_through bigint not null default 0;

-- When a change was appended here (its "at" is when it happened at project-service): retention counts
-- from the append, so a late or replayed event is not pruned the night it arrives.
alter table changes add column logged_at timestamptz;
update changes set logged_at = at;
alter table changes alter column logged_at set not null;
drop index changes_at_idx;
create index changes_logged_at_idx on changes (logged_at);
