import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * The role the services connect as on PostgreSQL: it reads and writes the hub's tables but may only read and append
 * to the audit log (the append-only trigger on audit.events refuses UPDATE, DELETE and TRUNCATE for every role as
 * well). One per database, `<database>_app` unless HUB_APP_ROLE names it, so two hubs on one cluster never share it.
 */
export function applicationRole(databaseUrl: string, named = process.env.HUB_APP_ROLE) {
  const role = named || `${decodeURIComponent(new URL(databaseUrl).pathname.slice(1))}_app`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(
      `HUB_APP_ROLE must be a lower-case PostgreSQL name (letters, digits, _), not "${role}"${named ? '' : ': set it, as the database name does not make one'}`,
    );
  return role;
}

/** The grants, applied as the database owner by every `db:migrate`: idempotent, and they cover tables a migration added. */
const grants = (role: string, database: string) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF;
END $$;
GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${role};
GRANT USAGE ON SCHEMA shared, mib, audit TO ${role};
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA shared, mib TO ${role};
GRANT SELECT, INSERT ON audit.events TO ${role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM ${role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA shared, mib, audit TO ${role};
GRANT DELETE ON shared.certificates TO ${role};
-- The job queue (pg-boss, installed by db:migrate): the services take, finish and clean up jobs.
GRANT USAGE ON SCHEMA jobs TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA jobs TO ${role};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA jobs TO ${role};
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA jobs TO ${role};
`;

/**
 * What PostgreSQL keeps of a password for SCRAM-SHA-256 (RFC 5802, RFC 7677), made here as psql's \password makes it:
 * the server is sent this verifier, never the password, so it appears in no statement text or log.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096) {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}

/** Creates or updates the application role of the pool's database, with its password when one is given. */
export async function grantApplicationRole(pool: pg.Pool, role: string, password?: string) {
  const { rows } = await pool.query<{ db: string }>('select current_database() as db');
  await pool.query(grants(role, rows[0].db));
  if (password) await pool.query(`alter role ${role} password '${scramVerifier(password)}'`);
}
