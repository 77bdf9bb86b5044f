-- The transactional outbox (docs/architecture.md section 4): a service writes its state change and the event
-- in one transaction; the relay publishes rows in id order and deletes them after the broker's ack.
create table outbox (
    id          bigserial primary key,
    topic       text        not null,
    record_key  text        not null,
    headers     jsonb       not null,
    payload     bytea       not null,
    request_id  text,
    created_at  timestamptz not null default now()
);

-- Rows the broker can never accept (too large, say), moved aside so they block nothing.
create table outbox_failed (
    id          bigint primary key,
    topic       text        not null,
    record_key  text        not null,
    headers     jsonb       not null,
    payload     bytea       not null,
    request_id  text,
    created_at  timestamptz not null,
    failed_at   timestamptz not null default now(),
    error       text        not null
);
