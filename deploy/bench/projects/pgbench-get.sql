-- What a get reads, as plain SQL: one project by its uuid primary key.
\set n random(1, 160)
SELECT id, name, path, settings, version, created_at, updated_at, last_synced_at FROM bench_projects
  WHERE id = md5(:n::text)::uuid AND NOT deleted;
