-- Failed logins are counted per (address, client) — the client's IP, an IPv6 client's /64 — so that a
-- stranger guessing from one network cannot lock the owner out from another; the address as a whole
-- keeps a higher ceiling. Rows from before this change belong to no client ('').
alter table login_failures add column client_key text not null default '';
create index login_failures_client_idx on login_failures (email_hash, client_key, failed_at desc);
