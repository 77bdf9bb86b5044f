-- The inbox (docs/architecture.md section 4): one row per (consumer, event) whose effect committed, written in
-- the effect's transaction. The primary key makes concurrent redeliveries give one effect.
create table processed_events (
    consumer      text        not null,
    event_id      uuid        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);

create index processed_events_processed_at on processed_events (processed_at);
