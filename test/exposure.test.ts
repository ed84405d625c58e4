import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureVersions, leads, matters, people, steps } from '../db/schema.ts';
import { cryptoSuite, parseSignature, Sealer, verifySignature } from '../domain/crypto.ts';
import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';
import { reportLead } from './leads.fixtures.ts';
import { obfuscated } from './obfuscate.ts';
import { MIB, ok, POLICE, PROSECUTOR, transferredMatter } from './procedure.ts';
import { publicLeaks, publicTexts, secretsOf } from './public-scan.ts';
import { creditCode, type GraphQLResponse, startWorld, type World } from './world.ts';

/** The public exposure feed (曝光) and typical cases: drafted, decided, published, corrected, retracted. */

let world: World;
let base: string;
beforeAll(async () => {
  // A database of its own: the scan below opens every sealed ID number in it with this world's key.
  world = await startWorld('in-process', { ownDatabase: true });
  base = world.hub.url.replace(/\/graphql$/, '');
});
afterAll(() => world?.stop());

const JUDGE = 'court-220102-judge';
const PUBLIC = graphql(`query($kind: ExposureKind, $region: String) { exposures(kind: $kind, region: $region) { items {
  id kind title subjectName creditCode behaviours amountRecovered penalties policeResult courtResult summary
  publishedAt corrections { version note correctedAt } retractedAt retractionNotice publisher regionName
} nextCursor } }`);
/** What the public reads in the feed, asked without a token. */
const publicFeed = async (variables: VariablesOf<typeof PUBLIC> = {}) =>
  (await world.as(null, PUBLIC, variables)).data!.exposures.items;
/** The JSON Feed's items, as far as the tests read them. */
interface FeedItem {
  id: string;
  content_text: string;
  _signature: { algorithm: string; signed_content: string; key_url: string; signature: string; key_id: string };
}
const ENTRY = graphql(
  `fragment Entry on ExposureEntry { id publishedAt retractedAt versions { number status summary correctionNote } }`,
);
const code = (r: GraphQLResponse) => r.errors?.[0]?.extensions?.code;

/** One of the exposure mutations, by name, answering the entry (ENTRY). */
async function mutate(
  person: string,
  name: string,
  args: Record<string, unknown>,
): Promise<GraphQLResponse<Record<string, ResultOf<typeof ENTRY>>>> {
  const types: Record<string, string> = { id: 'ID!', input: `${name[0].toUpperCase()}${name.slice(1)}Input!` };
  const params = Object.keys(args).map((k) => `$${k}: ${types[k]}`);
  return world.as(
    person,
    `mutation(${params.join(', ')}) { ${name}(${Object.keys(args)
      .map((k) => `${k}: $${k}`)
      .join(', ')}) { ...Entry } } ${print(ENTRY)}`,
    args,
  );
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A matter filed by the police: a person under investigation, whom nobody may expose. */
async function filedMatter() {
  const matter = await transferredMatter(world);
  await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
  await ok(world, POLICE.head, 'decideFiling', matter.id, { filed: true, policeCaseNumber: '南公立字〔2026〕702号' });
  return matter;
}

/** A matter about a person, judged with effect: the police and court results are there to publish. */
async function judgedMatter() {
  const matter = await transferredMatter(world);
  await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
  await ok(world, POLICE.head, 'decideFiling', matter.id, { filed: true, policeCaseNumber: '南公立字〔2026〕701号' });
  await ok(world, POLICE.officer, 'recordProceeds', matter.id, {
    kind: 'RECOVERED',
    amount: '8000.00',
    description: '追缴违法所得',
  });
  await ok(world, POLICE.officer, 'sendForProsecution', matter.id, {
    suspects: ['张三丰'],
    amountDefrauded: '12345.67',
  });
  await ok(world, PROSECUTOR, 'prosecute', matter.id, {
    procuratorateCaseNumber: '南检刑诉〔2026〕701号',
    defendants: ['张三丰'],
    charges: ['FRAUD'],
  });
  await ok(world, JUDGE, 'recordJudgment', matter.id, {
    courtCaseNumber: '(2026)吉0102刑初701号',
    defendants: [{ name: '张三丰', verdict: 'GUILTY', charges: ['FRAUD'], imprisonmentMonths: 18, fine: '20000.00' }],
  });
  await ok(world, JUDGE, 'recordJudgmentEffective', matter.id, { effectiveOn: today() });
  return matter;
}

describe('publishing an exposure entry', () => {
  it('goes draft → head’s approval → publication → correction → retraction, seen the same in GraphQL, JSON Feed, Atom and the page', async () => {
    const filed = await filedMatter();
    const underInvestigation = await mutate(MIB.officer, 'draftExposure', {
      input: { matterId: filed.id, kind: 'PERSON' },
    });
    expect(underInvestigation.errors?.[0].extensions?.code).toBe('WRONG_STATE');
    expect(underInvestigation.errors?.[0].message).toMatch(/decidePenalty.*recordJudgmentEffective/);

    const matter = await judgedMatter();
    const named = await mutate(MIB.officer, 'draftExposure', {
      input: { matterId: matter.id, kind: 'PERSON', summary: '张三丰冒用他人医保卡' },
    });
    expect(named.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.summary' });
    const withId = await mutate(MIB.officer, 'draftExposure', {
      input: { matterId: matter.id, kind: 'PERSON', summary: '身份证 11010519491231002X' },
    });
    expect(withId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.summary' });
    expect(
      code(await mutate(MIB.officer, 'draftExposure', { input: { matterId: matter.id, kind: 'INSTITUTION' } })),
    ).toBe('BAD_USER_INPUT');

    const drafted = await mutate(MIB.officer, 'draftExposure', {
      input: {
        matterId: matter.id,
        kind: 'PERSON',
        summary: '参保人张某某冒用他人医保凭证购药并倒卖。',
      },
    });
    expect(drafted.errors).toBeUndefined();
    const id = drafted.data!.draftExposure.id;
    expect(drafted.data!.draftExposure.versions).toMatchObject([{ number: 1, status: 'DRAFT' }]);

    expect(code(await mutate(MIB.officer, 'publishExposure', { id }))).toBe('WRONG_STATE');
    expect(code(await mutate(MIB.officer, 'approveExposure', { id }))).toBe('FORBIDDEN');
    expect(code(await mutate('mib-220104-head', 'approveExposure', { id }))).toBe('NOT_FOUND');
    expect(code(await mutate(POLICE.head, 'approveExposure', { id }))).toBe('FORBIDDEN');
    expect((await publicFeed()).map((e) => e.id)).not.toContain(id);

    expect((await mutate(MIB.head, 'approveExposure', { id })).errors).toBeUndefined();
    const published = await mutate(MIB.officer, 'publishExposure', { id });
    expect(published.data!.publishExposure.versions).toMatchObject([{ number: 1, status: 'PUBLISHED' }]);

    const seen = (await publicFeed()).find((e) => e.id === id)!;
    expect(seen).toMatchObject({
      kind: 'PERSON',
      subjectName: '张某某',
      creditCode: null,
      behaviours: ['IND_IMPERSONATION', 'IND_DRUG_RESALE'],
      amountRecovered: '8000.00',
      penalties: '',
      policeResult: expect.stringContaining('已立案侦查'),
      courtResult: expect.stringContaining('被告人张某某'),
      corrections: [],
      retractedAt: null,
      publisher: '长春市南关区医疗保障局',
      regionName: '南关区',
    });
    expect(seen.courtResult).toContain('有期徒刑18个月');
    expect(seen.courtResult).toContain('判决已生效');

    const correction = await mutate(MIB.officer, 'correctExposure', {
      id,
      input: { summary: '参保人张某某冒用他人医保凭证购药，已全部退赔。', correctionNote: '补充退赔情况' },
    });
    expect(correction.data!.correctExposure.versions.map((v) => v.status)).toEqual(['PUBLISHED', 'DRAFT']);
    expect((await publicFeed()).find((e) => e.id === id)?.summary).toBe(seen.summary);
    await mutate(MIB.head, 'approveExposure', { id });
    await mutate(MIB.officer, 'publishExposure', { id });
    const corrected = (await publicFeed()).find((e) => e.id === id)!;
    expect(corrected.summary).toContain('已全部退赔');
    expect(corrected.corrections).toMatchObject([{ version: 2, note: '补充退赔情况' }]);
    const [first] = await world.db.select().from(exposureVersions).where(eq(exposureVersions.exposureId, id));
    await expect(
      world.db.update(exposureVersions).set({ summary: '改写' }).where(eq(exposureVersions.id, first.id)),
    ).rejects.toThrow();
    await expect(
      world.db.update(exposureVersions).set({ signature: null }).where(eq(exposureVersions.id, first.id)),
    ).rejects.toThrow();

    const json = (await (await fetch(`${base}/feed/exposures.json`)).json()) as { version: string; items: FeedItem[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    const item = json.items.find((i) => i.id.endsWith(id))!;
    expect(item.content_text).toContain('已全部退赔');
    expect(item.content_text).toContain('更正');
    // Each published version is signed: the feed item carries the text the hub signed, its signature, and its key.
    const signed = item._signature;
    expect(signed.algorithm).toBe(cryptoSuite().signature);
    expect(JSON.parse(signed.signed_content)).toMatchObject({ exposure: id, version: 2, summary: corrected.summary });
    const key = await (await fetch(signed.key_url)).text();
    expect(verifySignature(signed.signed_content, parseSignature(signed)!, key)).toBe(true);
    expect(verifySignature(signed.signed_content.replace('已全部退赔', '未退赔'), parseSignature(signed)!, key)).toBe(
      false,
    );
    expect(await (await fetch(`${base}/feed/exposures.atom`)).text()).toContain('补充退赔情况');
    expect(await (await fetch(`${base}/exposure`)).text()).toContain('已全部退赔');

    expect(code(await mutate(MIB.officer, 'retractExposure', { id, input: { notice: '因信息有误撤回' } }))).toBe(
      'FORBIDDEN',
    );
    expect(
      (await mutate(MIB.head, 'retractExposure', { id, input: { notice: '因信息有误撤回' } })).errors,
    ).toBeUndefined();
    const retracted = (await publicFeed()).find((e) => e.id === id);
    expect(retracted).toMatchObject({
      title: expect.stringContaining('已撤回'),
      subjectName: null,
      summary: null,
      retractionNotice: '因信息有误撤回',
    });
    const page = await (await fetch(`${base}/exposure`)).text();
    expect(page).toContain('因信息有误撤回');
    expect(page).not.toContain('已全部退赔');
    expect(await (await fetch(`${base}/feed/exposures.atom`)).text()).not.toContain('已全部退赔');
  });

  it('names an institution with its credit code, and lets a court publish a typical case', async () => {
    const code18 = creditCode('91220102MA0XXXXX1');
    const lead = await world.as(MIB.officer, 'mutation($input: LeadInput!) { createLead(input: $input) { id } }', {
      input: reportLead({
        subject: { kind: 'INSTITUTION', name: '长春市南关区康宁大药房有限公司', creditCode: code18 },
        behaviours: ['INST_SUBSTITUTION'],
      }),
    });
    const opened = await world.as(
      MIB.officer,
      `mutation($lead: ID!) { openCase(leadId: $lead, input: { title: "药房串换药品案" }) { id } }`,
      {
        lead: lead.data.createLead.id,
      },
    );
    const matterId = opened.data.openCase.id;
    // Straight after opening the case there is nothing to expose: the bureau has not dealt with the institution yet.
    const early = await mutate(MIB.officer, 'draftExposure', { input: { matterId, kind: 'INSTITUTION' } });
    expect(code(early)).toBe('WRONG_STATE');
    await ok(world, MIB.head, 'decidePenalty', matterId, {
      outcome: 'PENALISED',
      article: 'REGULATION_40',
      lossAmount: '286000.00',
      orderedReturn: '286000.00',
      fineMultiple: '2',
      serviceSuspensionMonths: 6,
      reasons: '串换药品骗取医保基金',
    });
    await ok(world, MIB.officer, 'servePenaltyDecision', matterId, { means: 'DIRECT', recipient: '王某某' });
    await ok(world, MIB.officer, 'recordPenaltyEnforcement', matterId, {
      kind: 'RETURNED_TO_FUND',
      amount: '286000.00',
    });
    const drafted = await mutate(MIB.officer, 'draftExposure', { input: { matterId, kind: 'INSTITUTION' } });
    expect(drafted.errors).toBeUndefined();
    const id = drafted.data!.draftExposure.id;
    await mutate(MIB.head, 'approveExposure', { id });
    await mutate(MIB.officer, 'publishExposure', { id });
    const seen = await publicFeed({ kind: 'INSTITUTION', region: '220100' });
    // Amounts and penalties come from the record: what was returned, and each sanction with its amount.
    expect(seen.find((e) => e.id === id)).toMatchObject({
      subjectName: '长春市南关区康宁大药房有限公司',
      creditCode: code18,
      amountRecovered: '286000.00',
      penalties:
        '依据《医疗保障基金使用监督管理条例》第四十条，责令退回医保基金286000.00元，处罚款572000.00元（2倍），暂停相关责任部门涉及医保基金使用的医药服务6个月',
    });
    expect((await publicFeed({ region: '220200' })).map((e) => e.id)).not.toContain(id);

    const judged = await judgedMatter();
    const typical = await mutate(JUDGE, 'draftExposure', {
      input: { matterId: judged.id, kind: 'TYPICAL_CASE', summary: '冒用他人医保凭证骗取医保基金案' },
    });
    expect(typical.errors).toBeUndefined();
    expect(code(await mutate(JUDGE, 'draftExposure', { input: { matterId: judged.id, kind: 'PERSON' } }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      code(
        await mutate('court-220104-judge', 'draftExposure', { input: { matterId: judged.id, kind: 'TYPICAL_CASE' } }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('answers conditional requests with 304 and says how long to cache', async () => {
    for (const path of ['/feed/exposures.json', '/feed/exposures.atom', '/exposure']) {
      const first = await fetch(`${base}${path}`);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const etag = first.headers.get('etag')!;
      const modified = first.headers.get('last-modified')!;
      expect((await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await fetch(`${base}${path}`, { headers: { 'if-modified-since': modified } })).status).toBe(304);
      expect((await fetch(`${base}${path}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    }
  });
});

describe('nothing else is public', () => {
  it('refuses an anonymous caller every query and mutation but the exposure feed', async () => {
    const open: string[] = [];
    for (const subgraph of world.hub.subgraphs) {
      for (const root of [subgraph.schema.getQueryType(), subgraph.schema.getMutationType()]) {
        for (const field of Object.values(root?.getFields() ?? {})) {
          if (field.name.startsWith('_') || field.name === 'exposures') continue;
          const args = field.args.filter((a) => String(a.type).endsWith('!'));
          const values: Record<string, unknown> = Object.fromEntries(
            args.map((a) => [
              a.name,
              String(a.type) === 'ID!' ? '00000000-0000-0000-0000-000000000000' : a.name === 'input' ? {} : 'x',
            ]),
          );
          const params = args.map((a) => `$${a.name}: ${a.type}`).join(', ');
          const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
          const kind = root === subgraph.schema.getMutationType() ? 'mutation' : 'query';
          const result = await world.as(
            null,
            `${kind}${params ? `(${params})` : ''} { ${field.name}${call ? `(${call})` : ''} { __typename } }`,
            values,
          );
          const data = result.data?.[field.name];
          const refused = result.errors?.length && (data === null || data === undefined);
          if (!refused) open.push(`${kind} ${field.name}`);
        }
      }
    }
    expect(open).toEqual([]);
  });

  it('refuses every obfuscated form of the matter’s real personal data, naming the field and never the data (property)', async () => {
    const matter = await judgedMatter();
    const [lead] = await world.db
      .select()
      .from(leads)
      .innerJoin(matters, eq(matters.leadId, leads.id))
      .where(eq(matters.id, matter.id));
    const idNumber = new Sealer(world.config.dataKey).open(lead.leads.subjectIdNumberSealed!);
    const officers = await world.db
      .selectDistinct({ name: people.name })
      .from(steps)
      .innerJoin(people, eq(people.id, steps.personId))
      .where(eq(steps.matterId, matter.id));
    const real = [
      idNumber,
      lead.leads.subjectName,
      lead.leads.informantName!,
      lead.leads.informantPhone!,
      officers[0].name,
    ];
    const before = (await world.db.select().from(exposureVersions)).length;
    const forms = real.flatMap((value) => fc.sample(obfuscated(value), 8));
    forms.push('Zhang Sanfeng', 'zhang-san-feng', 'SANFENG ZHANG');
    for (const form of forms) {
      const refused = await mutate(MIB.officer, 'draftExposure', {
        input: { matterId: matter.id, kind: 'PERSON', summary: `据查，${form}冒用他人医保凭证` },
      });
      expect(refused.errors?.[0].extensions, form).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.summary' });
      expect(refused.errors?.[0].message).not.toContain(form);
    }
    expect((await world.db.select().from(exposureVersions)).length).toBe(before);
  });

  it('shows no ID number, phone, bank card, address, informant or listed name in any public format (scan)', async () => {
    const matter = await judgedMatter();
    const drafted = await mutate(MIB.officer, 'draftExposure', { input: { matterId: matter.id, kind: 'PERSON' } });
    await mutate(MIB.head, 'approveExposure', { id: drafted.data!.draftExposure.id });
    await mutate(MIB.officer, 'publishExposure', { id: drafted.data!.draftExposure.id });

    // Every world is scanned when it stops (test/world.ts); here the scan must also have something to read.
    const texts = await publicTexts(world);
    expect(texts).toContain('张某某');
    expect(texts.some((t) => t.includes('判决已生效'))).toBe(true);
    const { names, numbers } = await secretsOf(world);
    expect(names.length).toBeGreaterThan(3);
    expect(numbers.length).toBeGreaterThan(1);
    expect(await publicLeaks(world)).toEqual([]);
  });
});

describe('the public door is a door', () => {
  it('answers 429 with Retry-After past the limit; only a token that verifies lifts it, and the explorer’s files never count', async () => {
    const limited = await startWorld('in-process', { publicRateLimit: 3 });
    try {
      const root = limited.hub.url.replace(/\/graphql$/, '');
      const url = `${root}/feed/exposures.json`;
      for (let i = 0; i < 5; i++) expect((await fetch(`${root}/explorer/assets/graphiql.css`)).status).not.toBe(429);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await fetch(url);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // A header that is not a token that verifies is no way around the limit.
      expect((await fetch(url, { headers: { authorization: 'Bearer junk' } })).status).toBe(429);
      expect((await fetch(url, { headers: { authorization: 'Basic eDp5' } })).status).toBe(429);
      expect((await limited.as(MIB.officer, '{ me { personId } }')).status).toBe(200);
      // From an untrusted socket, X-Forwarded-For names nobody: the caller is still this address.
      expect((await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('counts each citizen behind a trusted reverse proxy by the address the proxy names', async () => {
    const behind = await startWorld('in-process', { publicRateLimit: 2, trustedProxies: ['127.0.0.1', '::1'] });
    try {
      const url = behind.hub.url.replace(/\/graphql$/, '/feed/exposures.json');
      const as = (address: string) => fetch(url, { headers: { 'x-forwarded-for': `198.51.100.7, ${address}` } });
      expect([
        (await as('203.0.113.1')).status,
        (await as('203.0.113.1')).status,
        (await as('203.0.113.1')).status,
      ]).toEqual([200, 200, 429]);
      expect((await as('203.0.113.2')).status).toBe(200);
    } finally {
      await behind.stop();
    }
  });

  it('answers bad parameters on the page and the feeds with a Chinese message and 400', async () => {
    for (const path of [
      '/exposure?kind=FOO',
      '/feed/exposures.json?region=abc',
      '/feed/exposures.atom?first=1000',
      '/exposure?first=-1',
      '/exposure?after=%3Cscript%3E',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(400);
      const text = await response.text();
      expect(text, path).toMatch(/^参数 \w+ 有误/);
      expect(text).not.toMatch(/internal|GraphQL|Variable/i);
    }
  });
});
