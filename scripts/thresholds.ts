import { loadConfig } from '../config.ts';
import { criminalThresholds } from '../db/schema.ts';
import { MONEY_PATTERN } from '../domain/validate.ts';
import { parseCommand } from '../server/command.ts';
import { openForCommand } from '../server/lifecycle.ts';

const USAGE = `
usage: npm run thresholds -- <command>

  set PROVINCE AMOUNT CITATION   the amount in yuan from which fraud is a crime in a province (诈骗罪 数额较大),
                                 e.g. set 220000 5000 "吉林省……标准"; the monthly report's 以罚代刑 indicator lists
                                 matters at or above it handled without a transfer
  list                           the thresholds set

In force for the next report. On the embedded database, stop the hub first.
`;
const {
  positionals: [command, ...args],
} = parseCommand(USAGE, {});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (command !== 'set' && command !== 'list') fail(USAGE.trim());
const config = loadConfig();
const database = await openForCommand(config);
try {
  await database.migrate();
  if (command === 'set') {
    const [province, amount, ...citation] = args;
    if (!/^[1-8]\d0000$/.test(province ?? '')) fail(`province: "${province ?? ''}" is not a province code (xx0000)`);
    if (!MONEY_PATTERN.test(amount ?? ''))
      fail(`amount: "${amount ?? ''}" is not an amount in yuan, e.g. 5000 or 5000.00`);
    if (!citation.join(' ').trim()) fail('citation: say which rule sets it');
    const row = { provinceCode: province, amount, citation: citation.join(' ') };
    await database.db
      .insert(criminalThresholds)
      .values(row)
      .onConflictDoUpdate({ target: criminalThresholds.provinceCode, set: row });
    console.log(`${province}: ${amount} yuan (${row.citation})`);
  } else {
    for (const t of await database.db.select().from(criminalThresholds))
      console.log(`${t.provinceCode}  ${t.amount.padStart(12)}  ${t.citation}`);
  }
} finally {
  await database.close();
}
