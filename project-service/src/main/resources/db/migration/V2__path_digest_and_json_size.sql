-- Review fixes of issue 5 (V1 may already be applied in local databases: it is never edited).

-- 1. A path is unique among a project's live files through a SHA-256 digest of its UTF-8 bytes.
-- V1's md5(path) index let two different paths with one md5 refuse each other with a unique
-- violation. The path itself does not fit a b-tree entry (1,024 characters can be 4 KiB of UTF-8).
-- convert_to is only STABLE (it names an encoding); with the constant 'UTF8' it is immutable, which
-- an index expression needs.
create function path_digest(path text) returns bytea
    language sql immutable strict parallel safe
    as $$ select pg_catalog.sha256(pg_catalog.convert_to(path, 'UTF8')) $$;

drop index files_live_path_key;
create unique index files_live_path_key on files (project_id, path_digest(path)) where not deleted;

-- 2. The bytes a file's content takes as a JSON string in an answer (batch-get keeps its answer
-- within 8 MiB by these, not by the raw UTF-8 size): every character its UTF-8 bytes, plus one for
-- each character JSON escapes with two (" \ and the control characters \b \t \n \f \r), plus five
-- for each other control character (escaped as \u00XX). This is Jackson's default escaping (the
-- API escapes nothing else; non-ASCII is written as UTF-8). Computed by the database on every
-- write, whoever writes, so it can never disagree with the content; 0 for tombstones.
alter table files add column content_json_bytes bigint not null generated always as (
    coalesce(octet_length(content)
        + (length(content) - length(translate(content, E'"\\\b\t\n\f\r', '')))
        + 5 * (length(content) - length(translate(content,
            E'\x01\x02\x03\x04\x05\x06\x07\x0b\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f', ''))),
        0)) stored;

-- 3. A deleted project's files are no longer removed: they become tombstones (deleted, no content,
-- version kept), so their ids stay taken. Nothing to migrate: V1 removed them, their ids are gone.
