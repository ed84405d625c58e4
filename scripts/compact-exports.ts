import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

/**
 * Run by `npm install` (postinstall). drizzle-orm's package.json names each of its 447 module paths in `exports`
 * (179 KB), and Node 24 parses that map again for every one of the package's files it loads: finding a file's
 * module format, it spreads the package.json it read lazily (getPackageScopeConfig in Node's package_json_reader),
 * which parses `exports` each time. That was a second of every process's start (importing drizzle-orm/node-postgres:
 * 1,060 ms, 251 ms after). The same map, as the entries that do not follow the package's pattern (the directories'
 * index files) and one `./*` pattern for the rest, resolves every subpath to the same file (checked with Node's own
 * resolver, ESM and CommonJS, on all 447 of drizzle-orm 0.45.4).
 */

const PACKAGE = 'drizzle-orm';
const require = createRequire(import.meta.url);

type Target = Record<string, unknown>;
/** How drizzle-orm exports a module path: ESM and CommonJS builds, each with its types. */
const entry = (base: string): Target => ({
  import: { types: `${base}.d.ts`, default: `${base}.js` },
  require: { types: `${base}.d.cts`, default: `${base}.cjs` },
  types: `${base}.d.ts`,
  default: `${base}.js`,
});

type Exports = Record<string, Target>;

/**
 * The entries that do not follow the pattern (the root and the directories' index files) as they are, and one `./*`
 * for the rest: Node tries the explicit entries first, so each subpath resolves to the file it did.
 */
export function compactExports(exports: Exports): Exports {
  const compacted: Exports = {};
  for (const [subpath, target] of Object.entries(exports))
    if (subpath === '.' || !isDeepStrictEqual(target, entry(subpath))) compacted[subpath] = target;
  compacted['./*'] = entry('./*');
  return compacted;
}

function compact(path: string) {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { version: string; exports: Exports };
  if ('./*' in json.exports) return `${PACKAGE} ${json.version}: exports already compact`;
  const exports = compactExports(json.exports);
  writeFileSync(path, `${JSON.stringify({ ...json, exports }, null, 2)}\n`);
  const [before, after] = [json.exports, exports].map((e) => Object.keys(e).length);
  return `${PACKAGE} ${json.version}: exports compacted from ${before} entries to ${after}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  // The package's root: its main entry (index.cjs) sits there, and package.json is not among its exports.
  console.log(compact(join(dirname(require.resolve(PACKAGE)), 'package.json')));
