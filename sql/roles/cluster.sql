-- A login's way to the shards, on a coordinator (README, *Beyond one server*).
--
-- On a coordinator the fact tables are foreign partitions: postgres_fdw reads a shard as the role
-- that the login's user mapping of the shard's server names. A run as a login without one stops
-- with exit 77 naming the server and this file. Apply as the coordinator's owner, once for each
-- login that runs reports (and again after a shard is added), after pipeline.make_coordinator():
--
--   METAHOSPITAL_SHARD_PASSWORD='…' psql -d hospital -v login=reporter -f sql/roles/cluster.sql
--
-- Each shard needs the login the mappings name (shard_login, default metahospital_shard_reader;
-- -v shard_login=… to choose another) as a member of metahospital_reporting there
-- (sql/roles/reporting.sql applied on the shard), with that password:
--
--   CREATE ROLE metahospital_shard_reader LOGIN IN ROLE metahospital_reporting;  -- then \password
--
-- postgres_fdw lets a role that is not a superuser through only with a password that the shard
-- actually asks for (scram-sha-256 in the shard's pg_hba.conf): a mapping without one fails with
-- "password is required", which a run reports as exit 77 naming the server. The password is
-- read from the environment, so that it is not on a command line; it is stored in the user
-- mapping, which only the login itself and superusers can read (pg_user_mappings).
-- The run's change-capture reads (pipeline.shard_change_records) and the folds go through the
-- owner's mappings: a reporting login needs none beyond these.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\getenv shard_password METAHOSPITAL_SHARD_PASSWORD
\if :{?login}
\else
  \echo 'sql/roles/cluster.sql: give the login: psql -v login=ROLE -f sql/roles/cluster.sql'
  \quit
\endif
\if :{?shard_password}
\else
  \echo 'sql/roles/cluster.sql: set METAHOSPITAL_SHARD_PASSWORD to the shard login''s password'
  \quit
\endif
\if :{?shard_login}
\else
  \set shard_login metahospital_shard_reader
\endif

SELECT format('DROP USER MAPPING IF EXISTS FOR %I SERVER %I', :'login', s.server),
       format('CREATE USER MAPPING FOR %I SERVER %I OPTIONS (user %L, password %L)',
              :'login', s.server, :'shard_login', :'shard_password')
FROM pipeline.shards AS s
ORDER BY s.shard
\gexec
