import { leads, people, steps } from '../db/schema.ts';
import { Sealer } from '../domain/crypto.ts';
import { normalise, personalDataIn } from '../domain/personal-data.ts';
import type { World } from './world.ts';

/** The words of the elements the public reads (ids and links, full of hex digits, are not words). */
const wordsOf = (markup: string, element: string) =>
  [...markup.matchAll(new RegExp(`<${element}[^>]*>([\\s\\S]*?)</${element}>`, 'g'))].map((m) =>
    m[1]
      .replace(/<!\[CDATA\[|\]\]>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/<[^>]+>/g, ' '),
  );

/**
 * What every public format of a world says in words: the GraphQL feed's fields, the JSON Feed's and Atom's titles
 * and texts, the page's entries. Read with a token, so a world with a tight public limit is read all the same.
 */
export async function publicTexts(world: Pick<World, 'hub' | 'token'>, person = 'mib-220102-officer-1') {
  const base = world.hub.url.replace(/\/graphql$/, '');
  const headers = { authorization: `Bearer ${await world.token(person)}` };
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers });
    return response.ok ? response.text() : '';
  };
  const graphql = await fetch(world.hub.url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ exposures(first: 100) { items { title subjectName penalties policeResult courtResult summary retractionNotice } } }',
    }),
  });
  const items = graphql.ok ? ((await graphql.json()).data?.exposures?.items ?? []) : [];
  const json = await get('/feed/exposures.json');
  const atom = await get('/feed/exposures.atom');
  return [
    ...items.flatMap((e: Record<string, string | null>) => Object.values(e).filter((v): v is string => !!v)),
    ...(json
      ? JSON.parse(json).items.flatMap((i: { title?: string; content_text?: string }) => [
          i.title ?? '',
          i.content_text ?? '',
        ])
      : []),
    ...['title', 'summary', 'content'].flatMap((element) => wordsOf(atom, element)),
    ...wordsOf(await get('/exposure'), 'article'),
  ];
}

/** The names and numbers a world's database holds about people: none may appear in anything public. */
export async function secretsOf(world: Pick<World, 'db' | 'config'>) {
  const sealer = new Sealer(world.config.dataKey);
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const lead of await world.db.select().from(leads)) {
    try {
      if (lead.subjectIdNumberSealed) numbers.add(sealer.open(lead.subjectIdNumberSealed));
    } catch {
      // Sealed by another world sharing the database, with its own key.
    }
    if (lead.informantName) names.add(lead.informantName);
    if (lead.informantPhone) numbers.add(lead.informantPhone);
    if (lead.subjectKind === 'PERSON') names.add(lead.subjectName);
  }
  for (const { detail } of await world.db.select({ detail: steps.detail }).from(steps)) {
    const d = detail as { suspects?: string[]; defendants?: (string | { name: string })[] };
    for (const name of [
      ...(d.suspects ?? []),
      ...(d.defendants ?? []).map((x) => (typeof x === 'string' ? x : x.name)),
    ])
      names.add(name);
  }
  for (const { name } of await world.db.select({ name: people.name }).from(people)) names.add(name);
  return { names: [...names], numbers: [...numbers] };
}

/** What in a world's public formats would identify someone: the kind and the text, for the failure message. */
export async function publicLeaks(world: Pick<World, 'hub' | 'token' | 'db' | 'config'>) {
  const texts = await publicTexts(world);
  if (!texts.length) return [];
  const { names, numbers } = await secretsOf(world);
  const found = texts.flatMap((text) => {
    const kind = personalDataIn(text, names);
    return kind ? [`${kind}: ${text.slice(0, 200)}`] : [];
  });
  const all = normalise(texts.join('\n'));
  return [...found, ...numbers.filter((n) => all.includes(normalise(n))).map(() => 'a stored ID or phone number')];
}
