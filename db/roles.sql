-- For deployments on PostgreSQL: the application connects as hub_app, which may read and write the hub's
-- schemas but only read and append to the audit log. Run once as the database owner after `npm run db:migrate`.
-- (The append-only trigger on audit.events refuses UPDATE, DELETE and TRUNCATE for every role as well.)
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hub_app') THEN CREATE ROLE hub_app LOGIN; END IF;
END $$;
GRANT USAGE ON SCHEMA shared, mib, audit TO hub_app;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA shared, mib TO hub_app;
GRANT SELECT, INSERT ON audit.events TO hub_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM hub_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA audit TO hub_app;
