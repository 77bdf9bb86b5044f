-- Sync (docs/architecture.md section 6): devices, each user's gapless change log (metadata only), the current
-- state of every entity for snapshots, rejections for the device that pushed, daily counters.

-- A device belongs to the user who first pushed, pulled or connected with it.
create table devices (
    id                          uuid primary key,
    user_id                     uuid not null,
    -- Mutation ids grow by one per device: the last one accepted into the outbox ...
    last_submitted_mutation_id  bigint not null default 0,
    -- ... and the last one project-service answered (applied, no-op or rejected).
    last_processed_mutation_id  bigint not null default 0,
    created_at                  timestamptz not null
);
create index devices_user_idx on devices (user_id);

-- The head of each user's log: the row whose lock makes seq gapless.
create table user_logs (
    user_id        uuid primary key,
    last_seq       bigint not null default 0,
    -- Every change with seq <= pruned_through has been pruned: a cursor below it must resync.
    pruned_through bigint not null default 0
);

create table changes (
    user_id         uuid not null,
    seq             bigint not null,
    entity          text not null check (entity in ('project', 'file')),
    entity_id       uuid not null,
    op              text not null check (op in ('create', 'update', 'delete')),
    version         bigint not null,
    -- The entity's metadata (never file content); null for a delete.
    data            jsonb,
    origin_device   uuid,
    origin_mutation bigint,
    at              timestamptz not null,
    primary key (user_id, seq)
);
create index changes_at_idx on changes (at);

-- Every entity's latest state (live or a tombstone), for snapshots and to apply events only forward.
create table entities (
    user_id    uuid not null,
    entity_id  uuid not null,
    entity     text not null check (entity in ('project', 'file')),
    project_id uuid,
    version    bigint not null,
    deleted    boolean not null,
    data       jsonb,
    -- The change that made this state: a snapshot at seq H shows live entities with seq <= H.
    seq        bigint not null,
    at         timestamptz not null,
    primary key (user_id, entity_id)
);
-- Snapshot pages: projects first, then files, each by id.
create index entities_snapshot_idx on entities (user_id, entity, entity_id) where not deleted;
create index entities_project_idx on entities (user_id, project_id) where project_id is not null;

-- A rejected mutation, for the device that pushed it (pull's "rejected", the socket's rejected frame).
create table rejections (
    id              bigint generated always as identity primary key,
    user_id         uuid not null,
    device_id       uuid not null,
    mutation_id     bigint not null,
    entity          text not null,
    entity_id       uuid not null,
    reason          text not null,
    message         text not null,
    details         jsonb,
    current_version bigint,
    current_state   jsonb,
    at              timestamptz not null,
    constraint rejections_mutation_key unique (device_id, mutation_id)
);
create index rejections_device_idx on rejections (device_id, id);
create index rejections_at_idx on rejections (at);

-- Daily counters, updated in the transaction of the work they count. Each day has 16 rows (by a
-- hash of the user), so that concurrent transactions rarely wait on the same row.
create table daily_stats (
    day        date not null,
    shard      smallint not null,
    pushes     bigint not null default 0,
    mutations  bigint not null default 0,
    rejections bigint not null default 0,
    changes    bigint not null default 0,
    primary key (day, shard)
);

-- Who was active (pushed, pulled or connected) on which day.
create table daily_active_users (
    day     date not null,
    user_id uuid not null,
    primary key (day, user_id)
);
