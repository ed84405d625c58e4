/**
 * .ci/run runs the suite twice, on PGlite and then on PostgreSQL. Files whose subject does not depend on the
 * database (command lines and start-up on the embedded database, pages in a browser) run in the first pass only.
 */
export const onPostgres = !!process.env.DATABASE_URL;
