import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The layers, bottom first: each may import only from its own layer and those below. */
const LAYERS = ['domain', 'db', 'auth', 'resolvers', 'schema', 'server'] as const;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Process entries (scripts/), benchmarks and config.ts are servers: the top. */
const layerOf = (file: string) => {
  const top = relative(root, file).split('/')[0];
  const index = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  return index >= 0 ? index : LAYERS.length - 1;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const files = [
  ...LAYERS.flatMap((layer) => sources(join(root, layer))),
  ...readdirSync(root)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, f)),
];
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]);

describe('layers', () => {
  it('point one way: domain ← db ← auth ← resolvers ← schema ← servers', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => resolve(dirname(file), spec))
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('keep GraphQL in schema/ and the servers: nothing below them imports graphql, Pothos or Apollo', () => {
    const below = files
      .filter((file) => layerOf(file) < LAYERS.indexOf('schema'))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /^(graphql|@pothos\/|@apollo\/)/.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      );
    expect(below).toEqual([]);
  });

  it('keep the engine below the steps: resolvers/procedure imports no step, the step list registers itself', () => {
    const procedure = join(root, 'resolvers', 'procedure');
    const steps = join(root, 'resolvers', 'steps');
    const upward = sources(procedure).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && resolve(dirname(file), spec).startsWith(steps))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(upward).toEqual([]);
  });

  it('leave cryptography to domain/crypto.ts: nothing else picks a digest, a cipher or a key derivation', () => {
    // PostgreSQL's SCRAM-SHA-256 verifier (db/roles.ts) is fixed by its protocol, whatever HUB_CRYPTO says.
    const fixedByProtocol = ['db/roles.ts'];
    const naming = files
      .filter((file) => !['domain/crypto.ts', ...fixedByProtocol].includes(relative(root, file)))
      .filter((file) =>
        /\b(createHash|createHmac|createCipheriv|createDecipheriv|hkdfSync|pbkdf2Sync)\b|'(sha-?256|sm3|sm4[\w-]*|aes-[\w-]+)'/.test(
          readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => relative(root, file));
    expect(naming).toEqual([]);
  });

  it('keep the gateway out of a subgraph’s process: what scripts/subgraph.ts loads never reaches server/gateway.ts', () => {
    const loaded = new Set<string>();
    const load = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(file, 'utf8');
      const specs = [
        ...text.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)';/gm),
        ...text.matchAll(/import\('(\.[^']+)'\)/g),
      ].map((m) => m[1]);
      for (const spec of specs) load(resolve(dirname(file), spec));
    };
    load(join(root, 'scripts', 'subgraph.ts'));
    expect(loaded.size).toBeGreaterThan(20);
    expect([...loaded].map((file) => relative(root, file))).not.toContain('server/gateway.ts');
  });

  it('are all type-checked: every folder holding TypeScript is in tsconfig.json', () => {
    const include: string[] = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).include;
    const folders = readdirSync(root).filter(
      (name) =>
        !name.startsWith('.') &&
        name !== 'node_modules' &&
        name !== 'dist' &&
        statSync(join(root, name)).isDirectory() &&
        sources(join(root, name)).length > 0,
    );
    expect(folders.filter((folder) => !include.includes(folder))).toEqual([]);
  });
});
