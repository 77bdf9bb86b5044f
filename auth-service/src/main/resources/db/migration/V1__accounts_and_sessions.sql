-- Identity (docs/architecture.md sections 3, 5): accounts, sessions (one per device's login) with their
-- refresh tokens, one-time tokens for e-mail verification and password reset, failed logins.

create table users (
    id                   uuid primary key,
    email                text not null,
    -- The address as compared: trimmed and lower-cased. Unique: one account per address.
    email_normalized     text not null,
    name                 text not null,
    avatar_url           text,
    password_hash        text not null,
    plan                 text not null default 'free',
    -- The highest SubscriptionChanged applied: older and repeated events change nothing.
    subscription_version bigint not null default 0,
    settings             jsonb not null default '{}'::jsonb,
    email_verified       boolean not null default false,
    version              bigint not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    constraint users_email_normalized_key unique (email_normalized)
);
-- The admin listing: newest first, optionally by e-mail prefix.
create index users_created_idx on users (created_at desc, id desc);
create index users_email_prefix_idx on users (email_normalized text_pattern_ops);

create table sessions (
    id           uuid primary key,
    user_id      uuid not null references users (id) on delete cascade,
    user_agent   text,
    ip           text,
    created_at   timestamptz not null,
    last_used_at timestamptz not null,
    -- 30 days after the last rotation: a device that keeps refreshing stays signed in.
    expires_at   timestamptz not null,
    revoked_at   timestamptz
);
create index sessions_user_idx on sessions (user_id, created_at desc, id desc);

-- Every refresh token a session was given, as the hex SHA-256 of the token (never the token). The one with
-- rotated_at null is current; a rotated one presented again within the grace returns its
-- successor, later it revokes the session (reuse of a stolen token).
create table refresh_tokens (
    token_hash text primary key,
    session_id uuid not null references sessions (id) on delete cascade,
    issued_at  timestamptz not null,
    rotated_at timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

create table one_time_tokens (
    token_hash text primary key,
    user_id    uuid not null references users (id) on delete cascade,
    purpose    text not null check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index one_time_tokens_user_idx on one_time_tokens (user_id, purpose, created_at desc);

-- Failed logins per normalised e-mail, whether or not an account has it (lockout).
create table login_failures (
    id               bigint generated always as identity primary key,
    email_normalized text not null,
    failed_at        timestamptz not null
);
create index login_failures_email_idx on login_failures (email_normalized, failed_at desc);
