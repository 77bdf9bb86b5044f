-- Events that carry a one-time secret (a verification or reset token) say when it expires: past
-- that instant the row is worth nothing and is deleted, published or not, from both tables.
alter table outbox add column expires_at timestamptz;
alter table outbox_failed add column expires_at timestamptz;
create index outbox_failed_record_key on outbox_failed (record_key);
create index outbox_record_key on outbox (record_key);
