-- For deployments on PostgreSQL: the services connect as hub_app, which may read and write the hub's schemas but
-- only read and append to the audit log. `npm run db:migrate` applies this file as the database owner, every time
-- (it is idempotent, and grants the tables a migration adds); HUB_APP_PASSWORD sets hub_app's password.
-- (The append-only trigger on audit.events refuses UPDATE, DELETE and TRUNCATE for every role as well.)
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_app') THEN CREATE ROLE hub_app LOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA shared, mib, audit TO hub_app;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA shared, mib TO hub_app;
GRANT SELECT, INSERT ON audit.events TO hub_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM hub_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA shared, mib, audit TO hub_app;
GRANT DELETE ON shared.certificates TO hub_app;
-- The job queue (pg-boss, installed by db:migrate): the services take, finish and clean up jobs.
GRANT USAGE ON SCHEMA jobs TO hub_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA jobs TO hub_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA jobs TO hub_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA jobs TO hub_app;
