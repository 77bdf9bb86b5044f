-- engine-gateway's own tables (schema engine). Platform's outbox, inbox, revocations and
-- scheduled_jobs come from db/platform (V0_x).

-- The projection of project ownership (project -> user, deleted) from project.events.v1: search
-- answers a project's owner only. A deleted project stays as a tombstone, so that later events
-- about its files are dropped; the user's rows go when the user is deleted.
create table projects (
    project_id  uuid primary key,
    user_id     uuid        not null,
    version     bigint      not null default 0,
    deleted     boolean     not null default false,
    updated_at  timestamptz not null default now()
);

create index projects_user_id on projects (user_id);

-- The highest version seen per file, indexed or removed: an event older than it is dropped, so no
-- version is ever queued (let alone indexed) after a newer one. The same version again is allowed.
create table files (
    project_id  uuid    not null,
    file_id     uuid    not null,
    user_id     uuid    not null,
    version     bigint  not null,
    removed     boolean not null,
    primary key (project_id, file_id)
);

create index files_user_id on files (user_id);

-- The durable work for the engine: one row per file holding its latest version (a newer version
-- replaces the row's content, an older one never does), and one DropProject per project. Rows
-- survive restarts and engine outages; a claim (claim, claimed_until) keeps one call in flight per
-- row, and a replica that died holding it gives it back when claimed_until passes.
--   pending   waiting for the engine (next_attempt_at says when it is tried next)
--   failed    refused for good by the engine (INVALID_ARGUMENT, or too many engine errors): kept,
--             counted, never retried; a newer version of the file makes it pending again
--   cancelled its project or user is gone while a call was in flight: deleted once the call ends
create table jobs (
    id               bigserial primary key,
    kind             text        not null check (kind in ('index', 'remove', 'drop')),
    project_id       uuid        not null,
    file_id          uuid,
    -- null once the user is erased (the DropProject that stays behind holds nothing of them)
    user_id          uuid,
    version          bigint      not null default 0,
    path             text,
    content          bytea,
    content_hash     text,
    status           text        not null default 'pending' check (status in ('pending', 'failed', 'cancelled')),
    -- +1 whenever the row's work is replaced: a call in flight for an older revision does not finish the row
    revision         bigint      not null default 1,
    attempts         integer     not null default 0,
    last_error       text,
    next_attempt_at  timestamptz not null default now(),
    -- when the work still waiting was first queued (the backlog's age)
    queued_at        timestamptz not null default now(),
    failed_at        timestamptz,
    claim            uuid,
    claimed_until    timestamptz,
    check ((kind = 'drop') = (file_id is null))
);

create unique index jobs_one_per_file on jobs (project_id, file_id) where file_id is not null;
create unique index jobs_one_drop_per_project on jobs (project_id) where file_id is null;
create index jobs_due on jobs (next_attempt_at, id) where status = 'pending';
create index jobs_user_id on jobs (user_id);
create index jobs_cancelled on jobs (id) where status = 'cancelled';

-- When the engine last acknowledged a change of each user's files (GET /api/v1/engine/status).
create table accounts (
    user_id          uuid primary key,
    last_indexed_at  timestamptz not null
);

-- The answer of the last CheckExtensionUpdates (every 6 hours, one replica), in the engine's order.
create table extension_updates (
    position           integer primary key,
    id                 text not null,
    installed_version  text not null,
    available_version  text not null,
    download_url       text not null,
    release_notes      text not null
);

create table extension_checks (
    singleton   boolean primary key default true check (singleton),
    checked_at  timestamptz not null,
    checked     integer     not null
);
