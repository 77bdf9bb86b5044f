-- billing-service (issue 12): what it knows of users, their Stripe customers, subscriptions and
-- invoices, the Stripe events it received, and the work it still owes Stripe.

-- The users as auth.users.v1 says (UserRegistered/UserUpdated, only forward by version): the
-- customer's e-mail and name come from here, never from a request.
create table users (
    user_id     uuid        primary key,
    email       text        not null,
    name        text        not null,
    version     bigint      not null,
    updated_at  timestamptz not null
);

-- Every POST to Stripe, recorded before the call: its id goes into the idempotency key
-- (hash of user, purpose, price id, attempt id). A customer attempt stays open until Stripe answered,
-- so a retry after a lost answer replays the same key and never makes a second customer.
create table stripe_attempts (
    id           uuid        primary key,
    user_id      uuid        not null,
    purpose      text        not null check (purpose in ('customer', 'checkout', 'portal', 'customer_update')),
    price_id     text        not null default '',
    status       text        not null check (status in ('open', 'done', 'failed')),
    result_id    text,
    created_at   timestamptz not null,
    finished_at  timestamptz
);

create index stripe_attempts_open on stripe_attempts (user_id, purpose) where status = 'open';
create index stripe_attempts_finished on stripe_attempts (finished_at) where status <> 'open';

-- The user's Stripe customer, made on first need and remembered.
create table customers (
    user_id             uuid        primary key,
    stripe_customer_id  text        not null unique,
    created_at          timestamptz not null
);

-- Each Stripe subscription of a user, as Stripe last showed it (re-read on every event about it).
create table subscriptions (
    stripe_subscription_id  text        primary key,
    user_id                 uuid        not null,
    stripe_customer_id      text        not null,
    status                  text        not null,
    price_id                text,
    billing_interval        text,
    current_period_end      timestamptz,
    cancel_at_period_end    boolean     not null,
    stripe_created          timestamptz not null,
    updated_at              timestamptz not null
);

create index subscriptions_user on subscriptions (user_id);

-- The user's effective billing state (what SubscriptionChanged last said) and the last payment
-- failure. subscription_version only grows.
create table accounts (
    user_id                      uuid        primary key,
    plan                         text        not null,
    status                       text        not null,
    billing_interval             text,
    current_period_end           timestamptz,
    cancel_at_period_end         boolean     not null,
    stripe_subscription_id       text,
    subscription_version         bigint      not null,
    failure_invoice_id           text,
    failure_amount               bigint,
    failure_currency             text,
    failure_at                   timestamptz,
    failure_next_attempt_at      timestamptz,
    failure_hosted_invoice_url   text,
    updated_at                   timestamptz not null
);

-- Invoices, filled by the invoice webhooks (each re-read from Stripe); listed newest first by
-- (created_at, id): created_at is Stripe's creation time, id the server's own (UUID v7).
create table invoices (
    id                      uuid        primary key,
    stripe_invoice_id       text        not null unique,
    user_id                 uuid        not null,
    stripe_customer_id      text        not null,
    stripe_subscription_id  text,
    number                  text,
    status                  text        not null,
    amount_due              bigint      not null,
    amount_paid             bigint      not null,
    currency                text        not null,
    period_start            timestamptz,
    period_end              timestamptz,
    hosted_invoice_url      text,
    invoice_pdf             text,
    created_at              timestamptz not null,
    updated_at              timestamptz not null
);

create index invoices_user_page on invoices (user_id, created_at desc, id desc);

-- Stripe events of the handled types, stored by their Stripe id (a duplicate delivery finds its row)
-- and applied after the webhook's answer, once, by the worker; reconciliation adds what never came.
create table stripe_events (
    id               text        primary key,
    type             text        not null,
    stripe_created   timestamptz not null,
    customer_id      text,
    payload          text        not null,
    source           text        not null check (source in ('webhook', 'reconciliation')),
    status           text        not null check (status in ('pending', 'applied', 'ignored', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text,
    received_at      timestamptz not null,
    finished_at      timestamptz
);

create index stripe_events_due on stripe_events (next_attempt_at, stripe_created) where status = 'pending';
create index stripe_events_customer on stripe_events (customer_id);
create index stripe_events_finished on stripe_events (finished_at) where status <> 'pending';

-- Work owed to Stripe that must survive restarts and outages: the erasure of a deleted user's
-- customer (cancel its subscriptions, delete it) and customer e-mail/name updates.
create table stripe_jobs (
    id                  uuid        primary key,
    kind                text        not null check (kind in ('erase_customer', 'update_customer')),
    user_id             uuid        not null,
    stripe_customer_id  text        not null,
    email               text,
    name                text,
    attempts            integer     not null default 0,
    next_attempt_at     timestamptz not null,
    last_error          text,
    created_at          timestamptz not null
);

create index stripe_jobs_due on stripe_jobs (next_attempt_at);
create index stripe_jobs_user on stripe_jobs (user_id);

-- How far reconciliation has listed Stripe's events (one row).
create table reconciliation_state (
    id            smallint    primary key check (id = 1),
    listed_until  timestamptz not null,
    last_run_at   timestamptz not null,
    last_healed   integer     not null
);
