-- A customer attempt keeps the e-mail and name it was sent with while it is open (a replay of its
-- idempotency key must send the same ones); they are cleared when the attempt ends.
alter table stripe_attempts
    add column email text,
    add column name  text;

-- An erasure may have to find its customer first: the customer of an open customer attempt (made by
-- Stripe or not) is found by replaying the attempt's create call under the same key. Such a job
-- names the attempt instead of a customer, and keeps the e-mail and name the replay must send until
-- it is done.
alter table stripe_jobs
    alter column stripe_customer_id drop not null,
    add column attempt_id uuid,
    add constraint stripe_jobs_target check (stripe_customer_id is not null or attempt_id is not null);

-- Reconciliation lists Stripe's events outside any database transaction: a run is claimed (a lease,
-- taken under platform's single-replica lock), each page's missing events are stored together with the
-- run's cursor in a short transaction, and the run is finished in another. A run that fails keeps its
-- cursor and is resumed at the next tick; a replica that stops loses its lease when it expires.
alter table reconciliation_state
    alter column listed_until drop not null,
    alter column last_run_at drop not null,
    alter column last_healed set default 0,
    add column run_since   timestamptz,
    add column run_until   timestamptz,
    add column run_after   text,
    add column run_healed  integer not null default 0,
    add column lease_owner uuid,
    add column lease_until timestamptz;

-- A customer forgotten because Stripe no longer has it (deleted at Stripe) still leads events about its
-- subscriptions and invoices to the user, through the subscriptions made for it.
create index subscriptions_customer on subscriptions (stripe_customer_id);
