-- Each user's subscription as billing-service last announced it (billing.subscriptions.v1
-- SubscriptionChanged): the socket's account frame. Only a higher subscription_version replaces a
-- row; a user with no row is on the plan of their token (free when it names none). Erased with the
-- user's other rows on UserDeleted.
create table accounts (
    user_id              uuid primary key,
    plan                 text not null,
    -- Stripe's subscription status, as billing-service sent it (null when it sent none).
    status               text,
    cancel_at_period_end boolean not null,
    current_period_end   timestamptz,
    subscription_version bigint not null,
    updated_at           timestamptz not null
);
