-- Revocation by session id (docs/architecture.md section 3): kept for the access token's lifetime, so every
-- service refuses a revoked session's tokens at once; and the marker of a deleted user, kept.
create table revoked_sessions (
    session_id  uuid primary key,
    user_id     uuid not null,
    expires_at  timestamptz not null
);

create index revoked_sessions_expires_at on revoked_sessions (expires_at);

create table deleted_users (
    user_id     uuid primary key,
    deleted_at  timestamptz not null default now()
);
