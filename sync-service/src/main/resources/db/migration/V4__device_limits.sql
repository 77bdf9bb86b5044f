-- When each device was last seen (a push, a pull or a socket; written at most once a day per device).
-- Devices there before this migration start their clock now.
alter table devices add column last_seen_at timestamptz not null default now();
create index devices_last_seen_idx on devices (last_seen_at);

-- Devices forgotten after 180 idle days with nothing pending: one that comes back is told to start
-- over (410 resync_required) until it pulls a snapshot, which makes it known again from mutation id 1.
create table forgotten_devices (
    id           uuid primary key,
    user_id      uuid        not null,
    forgotten_at timestamptz not null
);
create index forgotten_devices_user_idx on forgotten_devices (user_id);
