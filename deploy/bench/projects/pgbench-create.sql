-- What a file create writes, as plain SQL: the row and its outbox row, in one transaction.
\set n random(1, 1000000000)
BEGIN;
INSERT INTO bench_files (id, project_id, path, content, size, content_hash, version, created_at, updated_at)
  VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'bench/' || :n || '-' || random(), 'hello from the benchmark', 24,
          'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1, now(), now());
INSERT INTO bench_outbox (topic, record_key, headers, payload)
  VALUES ('project.events.v1', '00000000-0000-7000-8000-000000000002', '{"ce_type":"dev.orchestra.project.file_upserted.v1"}',
          decode(repeat('ab', 200), 'hex'));
COMMIT;
