-- When each reset mail was sent, for the daily cap per account (the tokens themselves are deleted
-- once spent or expired, an hour later). Rows older than a day are deleted at the account's next
-- request; the account's erasure takes them with it.
create table password_reset_mails (
    user_id uuid        not null references users (id) on delete cascade,
    sent_at timestamptz not null
);
create index password_reset_mails_user_idx on password_reset_mails (user_id, sent_at desc);
