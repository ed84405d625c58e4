import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * The arguments of a command, parsed with node's util.parseArgs. `--help` prints the usage to stdout and exits
 * before any configuration is read or any database opened; a bad argument prints it to stderr and exits 2.
 */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: O) {
  try {
    const parsed = parseArgs({
      args: process.argv.slice(2),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage.trim());
      process.exit(0);
    }
    return parsed as {
      values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
      positionals: string[];
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage.trim()}`);
    process.exit(2);
  }
}
