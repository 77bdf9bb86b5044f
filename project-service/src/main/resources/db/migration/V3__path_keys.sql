-- Issue 11: two live files of a project whose paths differ only by case (after Unicode case folding),
-- or a file that is a folder of another (a beside a/b), cannot both live on a case-insensitive
-- desktop disk. Each live file keeps digests of its folded path and of the folders it lies in (see
-- PathKeys); the service checks them under the project's row lock. No unique index: files stored
-- before the rule may collide already, and stay readable, renamable and deletable. V4 fills the
-- columns for existing files and reports such collisions in the log.
alter table files add column path_key text;
alter table files add column folder_keys text[];
create index files_path_key_idx on files (path_key) where not deleted;
create index files_folder_keys_idx on files using gin (folder_keys) where not deleted;
