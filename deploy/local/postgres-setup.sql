-- One service's login role and schema in one database, idempotent: ./orchestra runs it for each
-- role in each of the databases orchestra and orchestra_test, connected to that database as a
-- superuser, with psql variables role, password and db:
--   psql -v role=auth -v password=auth-local-only -v db=orchestra -f deploy/local/postgres-setup.sql
-- Roles are cluster-wide; the schema, the rights and the role's settings are per database.

-- The role: made once, then brought back to what a service role is (login, no other power).
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';

-- Nobody but a service in its own schema: nothing for PUBLIC in the database or its public schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;

-- The role's own schema, which it owns (Flyway creates the tables in it), and nothing else.
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
CREATE SCHEMA IF NOT EXISTS :"role" AUTHORIZATION :"role";
ALTER SCHEMA :"role" OWNER TO :"role";
REVOKE ALL ON SCHEMA :"role" FROM PUBLIC;
ALTER ROLE :"role" IN DATABASE :"db" SET search_path = :"role";
-- An outage drill of the module tests may have left this set: a service role never keeps it.
ALTER ROLE :"role" IN DATABASE :"db" RESET default_transaction_read_only;
