-- The notification context (issue 7): what it knows of users, their choices, the last subscription
-- state it applied, and the delivery log the sender works from.

-- A user's address and name, from UserRegistered/UserUpdated, applied only forward by version.
-- Billing mails are addressed from here (token mails carry their own address).
create table recipients (
    user_id     uuid primary key,
    email       text        not null,
    name        text        not null,
    version     bigint      not null,
    updated_at  timestamptz not null
);

-- The user's mail choices; no row = the defaults (both true).
create table preferences (
    user_id           uuid primary key,
    product_updates   boolean     not null,
    billing_receipts  boolean     not null,
    updated_at        timestamptz not null
);

-- The last SubscriptionChanged applied per user: billing mails go out on transitions from it.
create table subscriptions (
    user_id               uuid primary key,
    plan                  text        not null,
    cancel_at_period_end  boolean     not null,
    current_period_end    timestamptz,
    subscription_version  bigint      not null,
    updated_at            timestamptz not null
);

-- One row per mail to send: (event, template) is unique, so a redelivered event makes no second mail.
create table deliveries (
    id               uuid primary key,
    event_id         uuid        not null,
    template         text        not null,
    user_id          uuid        not null,
    -- Token mails carry the address and name of their event; billing mails take the recipient's
    -- at send time (null until sent).
    email            text,
    name             text,
    -- The one-time token of a verification or reset mail: cleared once the delivery is final.
    token            text,
    -- The token's expiry: no attempt after it (status expired).
    expires_at       timestamptz,
    -- What the template shows besides name and link (plan, dates, amount), as JSON text values.
    data             jsonb       not null default '{}',
    status           text        not null check (status in ('pending', 'sent', 'failed', 'expired')),
    attempts         integer     not null default 0,
    last_error       text,
    -- Pending rows only: when the sender may try next.
    next_attempt_at  timestamptz,
    -- Retries stop here (created_at + the retry window): status failed.
    give_up_at       timestamptz not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    sent_at          timestamptz,
    constraint deliveries_event_template unique (event_id, template)
);

-- The sender's sweep: due pending rows, oldest due first.
create index deliveries_due on deliveries (next_attempt_at) where status = 'pending';
-- The admin listing, newest first, all or by status.
create index deliveries_created on deliveries (created_at desc, id desc);
create index deliveries_status_created on deliveries (status, created_at desc, id desc);
-- Erasure and the address nudge, per user.
create index deliveries_user on deliveries (user_id);
