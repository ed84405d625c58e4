import { loadConfig } from '../config.ts';
import { parseCommand } from '../server/command.ts';

const USAGE = `
usage: npm run registry -- import FILE [--dry-run]

  import FILE     agencies and people from a .csv (UTF-8) or the first sheet of an .xlsx, with the columns
                  record,id,kind,level,division_code,parent_id,name,short_name,agency_id,issuer,subject,
                  positions,certificates,active_from,active_to   (see db/registry/demo.csv);
                  every row is checked, and nothing is written unless all are good
  --dry-run       check the file and show what would change, writing nothing

Changes are in force on every subgraph from the next request. On the embedded database, stop the hub first.
`;
const {
  values: { 'dry-run': dryRun },
  positionals: [command, file, ...rest],
} = parseCommand(USAGE, { 'dry-run': { type: 'boolean' } });
if (command !== 'import' || !file || rest.length) {
  console.error(USAGE.trim());
  process.exit(2);
}
const config = loadConfig();
// The rest loads once the command line and the configuration hold: a usage or a refusal answers at once.
const { importRegistry } = await import('../resolvers/registry/import.ts');
const { seedHub } = await import('../resolvers/seed.ts');
const { openForCommand } = await import('../server/lifecycle.ts');
const database = await openForCommand(config);
let exitCode = 0;
try {
  await database.migrate();
  await seedHub(database.db, { demo: false });
  const result = await importRegistry(database.db, file, { dryRun });
  for (const p of result.problems) console.error(`${file}:${p.line}: ${p.field}: ${p.message}`);
  if (result.problems.length) {
    console.error(`${result.problems.length} bad row(s); nothing was written`);
    exitCode = 1;
  } else {
    const counted = (change: string) => result.changes.filter((c) => c.change === change);
    for (const c of result.changes.filter((c) => c.change !== 'UNCHANGED'))
      console.log(
        `${c.change.padEnd(9)} ${c.type.padEnd(6)} ${c.id}${c.fields.length ? ` (${c.fields.join(', ')})` : ''}`,
      );
    console.log(
      `${result.written ? 'imported' : 'would import'}: ${counted('ADDED').length} added, ${counted('CHANGED').length} changed, ${counted('UNCHANGED').length} unchanged`,
    );
  }
} finally {
  await database.close();
}
process.exit(exitCode);
