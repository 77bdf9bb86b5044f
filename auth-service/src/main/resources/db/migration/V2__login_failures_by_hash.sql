-- Failed logins are keyed by the SHA-256 (hex) of the normalised e-mail: any text a client sends as
-- an e-mail fits the index, and the table keeps no addresses of people who mistyped theirs.
drop table login_failures;
create table login_failures (
    id         bigint generated always as identity primary key,
    email_hash text not null,
    failed_at  timestamptz not null
);
create index login_failures_email_idx on login_failures (email_hash, failed_at desc);
