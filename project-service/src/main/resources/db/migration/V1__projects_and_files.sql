-- Projects and their files (issue 5; docs/architecture.md sections 2, 4, 6), and what this service knows of
-- each user: the plan from billing/auth events and the live content bytes counted against it.

-- One row per user this service has seen. Its row lock serialises the quota checks of that user
-- (two creates racing at a limit cannot both pass) and guards the content counter.
create table user_plans (
    user_id              uuid primary key,
    -- null: no plan known yet (the user counts as free).
    plan                 text,
    -- The highest SubscriptionChanged applied; null when the plan came from UserRegistered or none.
    subscription_version bigint,
    -- Bytes of content of the user's live files, in all projects (kept with every file write).
    content_bytes        bigint      not null default 0,
    -- Set by UserDeleted: the user's data is gone and stays gone (writes racing the erasure are refused).
    erased               boolean     not null default false
);

create table projects (
    id             uuid primary key,
    owner_id       uuid        not null,
    -- name and settings are null on tombstones only (a tombstone keeps id, version and deleted).
    name           text,
    path           text,
    settings       jsonb,
    version        bigint      not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    last_synced_at timestamptz,
    deleted        boolean     not null default false,
    constraint projects_live_has_name check (deleted or (name is not null and settings is not null))
);
-- The listing (newest first, live only), the live count for the quota, and the erasure of a user.
create index projects_owner_idx on projects (owner_id, deleted, created_at desc, id desc);

create table files (
    id           uuid primary key,
    -- A deleted project's files are removed with it (its ProjectDeleted stands for them).
    project_id   uuid        not null references projects (id) on delete cascade,
    path         text        not null,
    -- null on tombstones: a deleted file keeps no content.
    content      text,
    size         bigint      not null,
    content_hash text,
    version      bigint      not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    deleted      boolean     not null default false,
    constraint files_live_has_content check (deleted or (content is not null and content_hash is not null))
);
-- The listing (newest first, live only), the live count for the quota, deletion with the project.
create index files_project_idx on files (project_id, deleted, created_at desc, id desc);
-- A path is unique among a project's live files. The index holds a digest of the path: a path may
-- be 1,024 characters (up to 4 KiB of UTF-8), more than a b-tree entry takes.
create unique index files_live_path_key on files (project_id, md5(path)) where not deleted;
