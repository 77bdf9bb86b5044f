-- When each single-replica job last ran (platform's SingleReplica): a replica whose timer fires soon
-- after another replica's run skips its turn, so an hourly job runs once an hour across replicas.
create table scheduled_jobs (
    job         text primary key,
    last_run_at timestamptz not null
);
