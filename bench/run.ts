import { sql as sqlTag } from 'drizzle-orm';
import { DEV_ISSUER } from '../auth/dev-key.ts';
import { leads } from '../db/schema.ts';
import { Sealer } from '../domain/crypto.ts';
import { moneyAggregates, stepColumns } from '../resolvers/steps/amounts.ts';
import { startHub } from '../server/hub.ts';
import { compareGateways, GATEWAY_QUERIES, perSecond, printGateways } from './gateways.ts';
import { benchSetup, loadLeads, loadMatters } from './setup.ts';

/**
 * `npm run bench [-- --quick]`: loads BENCH_LEADS leads (50,000; 5,000 with --quick) and BENCH_MATTERS matters (a
 * tenth) into a fresh database (PGlite, or DATABASE_URL), starts the hub on loopback, and prints side by side: typical
 * calls through the gateway, the province ÷ county list ratio, each statistic and the monthly report against the same
 * figures in hand-written SQL, and the gateway ÷ its subgraphs called directly. For national scale:
 * BENCH_LEADS=1000000 BENCH_MATTERS=100000 DATABASE_URL=postgres://… npm run bench.
 */
const QUICK = process.argv.includes('--quick');
const LEADS = Number(process.env.BENCH_LEADS ?? (QUICK ? 5_000 : 50_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 20 : 200));

const { dir, config, database, token } = await benchSetup('bench');
const sealer = new Sealer(config.dataKey);

const started = performance.now();
await loadLeads(database.db, sealer, LEADS);
// Matters for one lead in ten (BENCH_MATTERS), with a transfer step for half of them: what statistics group and count.
const MATTERS = Number(process.env.BENCH_MATTERS ?? Math.floor(LEADS / 10));
await loadMatters(database.db, MATTERS);
// As autovacuum would after a bulk load (and as PGlite, which has no autovacuum, does when the hub starts): without
// fresh statistics the planner takes 100,000 rows for one.
await database.db.execute(sqlTag`analyze`);
const loadSeconds = (performance.now() - started) / 1000;
console.error(
  `loaded ${LEADS.toLocaleString()} leads and ${MATTERS.toLocaleString()} matters in ${loadSeconds.toFixed(0)} s (${database.kind})`,
);

const hub = await startHub(config, database.db, 'in-process');

async function time(
  name: string,
  person: string,
  query: string,
  variables: () => Record<string, unknown> = () => ({}),
) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(person)}` };
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const response = await fetch(hub.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables() }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  return { name, p50: at(0.5), p95: at(0.95), max: at(1) };
}

const [{ id: someLead }] = await database.db.select({ id: leads.id }).from(leads).limit(1);
const results = [
  await time(
    'county MIB: leads(first: 50)',
    'mib-220102-officer-1',
    '{ leads(first: 50) { items { id subject { name idNumber } suspectedAmount receivedAt } } }',
  ),
  await time(
    'province MIB: leads(first: 50), region-wide',
    'mib-220000-officer-1',
    '{ leads(first: 50) { items { id agency { name } subject { idNumber } } } }',
  ),
  await time(
    'owner: lead(id) with informant and agency',
    'mib-220102-officer-1',
    'query($id: ID!) { lead(id: $id) { id summary agency { name } informant { name } } }',
    () => ({ id: someLead }),
  ),
  await time(
    'police: me (token check and registry only)',
    'police-220102-officer',
    '{ me { personId agency { name } } }',
  ),
];
/** Median of `rounds` runs of `run`, in milliseconds. */
async function median(rounds: number, run: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

const analystHeaders = {
  'content-type': 'application/json',
  authorization: `Bearer ${await token('superior-220000-analyst')}`,
};
/**
 * A long call on a connection of its own: embedded PGlite runs in the hub's thread, so a long aggregate holds up the
 * server's timers and an idle kept-alive connection can be closed just as the next call is sent on it.
 */
async function longCall(method: string, url: string, headers: Record<string, string>, body?: string) {
  const { request } = await import('node:http');
  return new Promise<string>((resolve, reject) => {
    const call = request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(body);
  });
}
const viaGateway = (body: string) => async () => {
  const query = `{ statistics(region: "220000", from: "2026-01-01", to: "2027-12-31") { ${body} } }`;
  const json = JSON.parse(await longCall('POST', hub.url, analystHeaders, JSON.stringify({ query }))) as {
    errors?: unknown;
  };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
};
const { sql } = await import('drizzle-orm');
const period = sql`received_at >= '2025-12-31T16:00:00Z' and received_at < '2027-12-31T16:00:00Z'`;
const matterPeriod = sql`m.created_at >= '2025-12-31T16:00:00Z' and m.created_at < '2027-12-31T16:00:00Z'`;
const money = moneyAggregates(stepColumns());
const bySql = (query: ReturnType<typeof sql>) => () => database.db.execute(query);
const STAT_ROUNDS = Number(process.env.BENCH_STAT_ROUNDS ?? 7);
// P4: each aggregate through the gateway (token, shield, GraphQL, disclosure control) against the same figures in
// hand-written SQL on the same database. Goal: at most 1.1 × SQL + 20 ms.
const aggregates: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
  [
    'leads by county',
    viaGateway('counts(of: LEADS, groupBy: [REGION]) { keys { value } count { value } suspected }'),
    bySql(
      sql`select region_code, count(*), sum(suspected_amount) from mib.leads where region_code like '22%' and ${period} group by region_code`,
    ),
  ],
  [
    'leads by behaviour and month',
    viaGateway('counts(of: LEADS, groupBy: [BEHAVIOUR, MONTH]) { keys { value } count { value } }'),
    bySql(
      sql`select b, to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM'), count(*) from mib.leads, unnest(behaviours) b where region_code like '22%' and ${period} group by 1, 2`,
    ),
  ],
  [
    'matters by stage, with amounts',
    viaGateway(
      'counts(of: MATTERS, groupBy: [STAGE]) { keys { value } count { value } suspected defrauded recovered returned }',
    ),
    bySql(
      // The amounts are read from the steps' records as their module reads them (resolvers/steps/amounts.ts).
      sql`with a as (select matter_id, ${money.recovered} as recovered, ${money.returned} as returned,
            ${money.latestDefrauded} as defrauded from shared.steps where ${money.steps} group by matter_id)
        select m.stage, count(*), sum(l.suspected_amount), sum(a.defrauded::numeric), sum(a.recovered), sum(a.returned)
        from shared.matters m join mib.leads l on l.id = m.lead_id left join a on a.matter_id = m.id
        where m.region_code like '22%' and ${matterPeriod} group by m.stage`,
    ),
  ],
  [
    'funnel',
    viaGateway('funnel { stage count { value } conversion medianDays }'),
    bySql(
      sql`with s as (select matter_id,
            min(taken_at) filter (where stage_after = 'TRANSFERRED') as transferred,
            min(taken_at) filter (where stage_after = 'FILED') as filed,
            min(taken_at) filter (where stage_after = 'PROSECUTED') as prosecuted,
            min(taken_at) filter (where stage_after = 'JUDGED') as judged,
            min(taken_at) filter (where stage_after = 'JUDGMENT_EFFECTIVE') as effective
          from shared.steps group by matter_id)
        select count(*), count(m.id), count(s.transferred), count(s.filed), count(s.prosecuted), count(s.judged), count(s.effective),
          percentile_cont(0.5) within group (order by extract(epoch from m.created_at - l.received_at)),
          percentile_cont(0.5) within group (order by extract(epoch from s.transferred - m.created_at)),
          percentile_cont(0.5) within group (order by extract(epoch from s.filed - s.transferred)),
          percentile_cont(0.5) within group (order by extract(epoch from s.prosecuted - s.filed)),
          percentile_cont(0.5) within group (order by extract(epoch from s.judged - s.prosecuted)),
          percentile_cont(0.5) within group (order by extract(epoch from s.effective - s.judged))
        from mib.leads l left join shared.matters m on m.lead_id = l.id left join s on s.matter_id = m.id
        where l.region_code like '22%' and l.${period}`,
    ),
  ],
  [
    'clocks by step and agency',
    viaGateway('clocks(groupBy: [STEP, AGENCY]) { keys { value } total { value } met { value } missed { value } }'),
    bySql(
      sql`select c.code, c.agency_id, count(*),
            count(*) filter (where c.closed_at is not null and c.due_at is not null and c.closed_at <= c.due_at),
            count(*) filter (where c.due_at is not null and coalesce(c.closed_at, now()) > c.due_at),
            count(*) filter (where c.closed_at is null and (c.due_at is null or c.due_at >= now()))
          from shared.clocks c join shared.matters m on m.id = c.matter_id
          where not c.optional and m.region_code like '22%'
            and c.started_at >= '2025-12-31T16:00:00Z' and c.started_at < '2027-12-31T16:00:00Z'
          group by c.code, c.agency_id`,
    ),
  ],
  [
    'notifications by sender',
    viaGateway('notifications { agencyId delivered { value } acknowledged { value } late { value } }'),
    bySql(
      sql`select n.from_agency_id, count(*), count(n.acknowledged_at),
            count(*) filter (where st.due_at is not null and st.taken_at > st.due_at)
          from shared.outcome_notifications n join shared.matters m on m.id = n.matter_id
            join shared.steps st on st.id = n.step_id
          where m.region_code like '22%'
            and n.created_at >= '2025-12-31T16:00:00Z' and n.created_at < '2027-12-31T16:00:00Z'
          group by n.from_agency_id`,
    ),
  ],
];
const ratios = [];
for (const [name, gateway, raw] of aggregates) {
  const warmUp = performance.now();
  const failed = await gateway()
    .then(raw)
    .then(
      () => null,
      (error: Error) => error.message.slice(0, 80),
    );
  // An aggregate that takes tens of seconds (PGlite at national scale) is timed once, not seven times.
  const rounds = performance.now() - warmUp > 30_000 ? 1 : STAT_ROUNDS;
  if (failed) {
    // Reported, not thrown: on embedded PGlite a national-scale aggregate can outlast the HTTP exchange.
    ratios.push({ aggregate: name, 'gateway ms': '—', 'SQL ms': '—', ratio: '—', goal: failed, met: 'NO' });
    continue;
  }
  let g: number;
  let r: number;
  try {
    g = await median(rounds, gateway);
    r = await median(rounds, raw);
  } catch (error) {
    ratios.push({ aggregate: name, 'gateway ms': '—', 'SQL ms': '—', ratio: '—', goal: String(error), met: 'NO' });
    continue;
  }
  ratios.push({
    aggregate: name,
    'gateway ms': g.toFixed(1),
    'SQL ms': r.toFixed(1),
    ratio: (g / r).toFixed(2),
    goal: '≤ 1.1 × SQL + 20 ms',
    met: g <= 1.1 * r + 20 ? 'yes' : 'NO',
  });
}
// The monthly report of the province for the first month of data: through the gateway, frozen and rendered to XLSX,
// against the same aggregates run directly (buildMonthlyReport, no GraphQL, no freezing, no rendering).
// Goal: at most 1.1 × the aggregates + 200 ms.
const { buildMonthlyReport } = await import('../resolvers/reports/content.ts');
const jobHeaders = {
  'content-type': 'application/json',
  authorization: `Bearer ${await token('superior-220000-reporting-job')}`,
};
const reportViaGateway = async () => {
  const query = 'mutation { generateMonthlyReport(region: "220000", month: "2026-01") { xlsxPath } }';
  const json = JSON.parse(await longCall('POST', hub.url, jobHeaders, JSON.stringify({ query }))) as {
    data?: { generateMonthlyReport: { xlsxPath: string } };
    errors?: unknown;
  };
  if (!json.data) throw new Error(JSON.stringify(json.errors));
  await longCall('GET', hub.url.replace('/graphql', json.data.generateMonthlyReport.xlsxPath), jobHeaders);
};
const reportDirect = () =>
  buildMonthlyReport(database.db, config.settings, { code: '220000', name: '吉林省' }, '2026-01');
await reportViaGateway();
const reportGateway = await median(5, reportViaGateway);
const reportAggregates = await median(5, reportDirect);
ratios.push({
  aggregate: 'province-month report (frozen, XLSX)',
  'gateway ms': reportGateway.toFixed(1),
  'SQL ms': reportAggregates.toFixed(1),
  ratio: (reportGateway / reportAggregates).toFixed(2),
  goal: '≤ 1.1 × aggregates + 200 ms',
  met: reportGateway <= 1.1 * reportAggregates + 200 ? 'yes' : 'NO',
});

// P1: requests a second through the gateway ÷ through the owning subgraph called directly (answering the part it
// owns), 10 callers, in both topologies. The direct calls go to the subgraphs of an HTTP hub.
const overHttp = await startHub({ ...config, port: 0 }, database.db, 'http');
const officerHeaders = {
  'content-type': 'application/json',
  authorization: `Bearer ${await token('mib-220102-officer-1')}`,
};
const [{ id: ownLead }] = await database.db
  .select({ id: leads.id })
  .from(leads)
  .where(sqlTag`agency_id = 'mib-220102'`)
  .limit(1);
const p1 = [];
for (const [name, subgraph, query, direct, goal] of [
  ['me', 'shared', '{ me { personId position } }', null, 0.5],
  ['leads(first: 50)', 'mib', '{ leads(first: 50) { items { id summary receivedAt } } }', null, 0.5],
  [
    'lead(id) { agency }',
    'mib',
    `{ lead(id: "${ownLead}") { id summary agency { name } } }`,
    `{ lead(id: "${ownLead}") { id summary agency { id } } }`,
    0.35,
  ],
  [
    'matters(first: 20) { subject }',
    'shared',
    '{ matters(first: 20) { items { id subject { name } } } }',
    '{ matters(first: 20) { items { id } } }',
    0.35,
  ],
] as const) {
  const directUrl = overHttp.subgraphUrls[subgraph];
  const secret = { ...officerHeaders, 'x-hub-gateway-secret': config.subgraphSecrets[subgraph] };
  for (const [topology, gatewayUrl] of [
    ['in-process', hub.url],
    ['http', overHttp.url],
  ] as const) {
    // Interleaved: direct, gateway, direct, gateway; each figure the sum of its two rounds.
    let viaDirect = 0;
    let viaGateway = 0;
    for (let round = 0; round < 2; round++) {
      viaDirect += await perSecond(directUrl, secret, direct ?? query, 10, 1);
      viaGateway += await perSecond(gatewayUrl, officerHeaders, query, 10, 1);
    }
    p1.push({
      query: name,
      topology,
      'gateway req/s': (viaGateway / 2).toFixed(0),
      'direct req/s': (viaDirect / 2).toFixed(0),
      ratio: (viaGateway / viaDirect).toFixed(2),
      goal: `≥ ${goal}`,
      met: viaGateway / viaDirect >= goal ? 'yes' : 'NO',
    });
  }
}

// The same queries through our gateway, Hive Gateway and a bare forwarder, each in a process of its own.
const gateways =
  database.kind === 'postgres'
    ? await compareGateways({ dir, config, database, token }, database.db, GATEWAY_QUERIES(ownLead))
    : null;

// Audited reads: every read of an ID number in clear is in the audit chain before its response leaves. Requests a
// second with 1 and with 10 callers through the gateway; goal: at least 3× (the chain's lock must not serialise them).
const auditedRead = `{ lead(id: "${ownLead}") { subject { idNumber } } }`;
// Interleaved, 1, 10, 1, 10 callers, two seconds each: each figure the mean of its two rounds.
let auditedOne = 0;
let auditedTen = 0;
for (let round = 0; round < 2; round++) {
  auditedOne += (await perSecond(hub.url, officerHeaders, auditedRead, 1, 2)) / 2;
  auditedTen += (await perSecond(hub.url, officerHeaders, auditedRead, 10, 2)) / 2;
}
const audited = {
  'audited reads req/s, 1 caller': auditedOne.toFixed(0),
  '10 callers': auditedTen.toFixed(0),
  ratio: (auditedTen / auditedOne).toFixed(2),
  goal: '≥ 3',
  met: auditedTen / auditedOne >= 3 ? 'yes' : 'NO',
};

// P2: graphql-shield and the token check on a list of 1,000 rows (ten pages of 100 leads), executed in the MIB
// subgraph as it serves a request, against the same execution on the schema without rules, the caller known.
const { execute, parse } = await import('graphql');
const { buildSubgraph } = await import('../schema/index.ts');
const { contextFor } = await import('../auth/context.ts');
const mibSubgraph = buildSubgraph('mib');
const thousand = parse(
  `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: leads(first: 100) { items { id source regionCode summary suspectedAmount receivedAt behaviours subject { name kind } agency { id } } }`).join(' ')} }`,
);
const bearer = officerHeaders.authorization;
const viewer = (await contextFor(hub.services, bearer)).viewer;
const executeWith = (guarded: boolean) => async () => {
  const contextValue = guarded
    ? await contextFor(hub.services, bearer, undefined, 'bench')
    : await contextFor(hub.services, bearer, undefined, 'bench', viewer);
  const result = await execute({
    schema: guarded ? mibSubgraph.guarded : mibSubgraph.schema,
    document: thousand,
    contextValue,
  });
  if (result.errors) throw new Error(`P2: ${JSON.stringify(result.errors)}`);
};
let plain = 0;
let shielded = 0;
for (let round = 0; round < 3; round++) {
  plain += await median(7, executeWith(false));
  shielded += await median(7, executeWith(true));
}
const p2 = {
  'auth + shield ms': (shielded / 3).toFixed(1),
  'without ms': (plain / 3).toFixed(1),
  ratio: (shielded / plain).toFixed(2),
  goal: '≤ 1.5',
  met: shielded / plain <= 1.5 ? 'yes' : 'NO',
};

// P5: the statements every request runs, as the hub runs them with drizzle (prepared once, db/prepared.ts: the
// registry look-up, look-ups by id, the list's page), ÷ the same SQL text sent with node-postgres directly as a named
// prepared statement (as postgres.js does by default). Both warmed up first.
const p5 = [];
if (database.kind === 'postgres') {
  const pg = (await import('pg')).default;
  const raw = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
  const { eq, desc, and } = await import('drizzle-orm');
  const { people, agencies } = await import('../db/schema.ts');
  const db = database.db;
  const identity = db
    .select({ person: people, agency: agencies })
    .from(people)
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(and(eq(people.issuer, sqlTag.placeholder('issuer')), eq(people.subject, sqlTag.placeholder('subject'))));
  const leadIds = (await db.select({ id: leads.id }).from(leads).limit(20)).map((l) => l.id);
  const byIds = db
    .select()
    .from(leads)
    .where(sqlTag`${leads.id} = any(${sqlTag.placeholder('ids')})`);
  const countyList = db
    .select()
    .from(leads)
    .where(eq(leads.agencyId, sqlTag.placeholder('agency')))
    .orderBy(desc(leads.receivedAt), desc(leads.id))
    .limit(sqlTag.placeholder('limit'));
  const identityValues = { issuer: DEV_ISSUER, subject: 'mib-220102-officer-1' };
  const hot: [string, () => Promise<unknown>, string, unknown[]][] = [
    [
      'registry: the caller by issuer and subject (prepared)',
      (
        (prepared) => () =>
          prepared.execute(identityValues)
      )(identity.prepare('bench_identity')),
      identity.toSQL().sql,
      [identityValues.issuer, identityValues.subject],
    ],
    [
      "20 leads by id, a page's entities (prepared)",
      (
        (prepared) => () =>
          prepared.execute({ ids: leadIds })
      )(byIds.prepare('bench_leads_by_ids')),
      byIds.toSQL().sql,
      [leadIds],
    ],
    [
      'county leads, newest 50 (prepared)',
      (
        (prepared) => () =>
          prepared.execute({ agency: 'mib-220102', limit: 51 })
      )(countyList.prepare('bench_county')),
      countyList.toSQL().sql,
      ['mib-220102', 51],
    ],
  ];
  const N = QUICK ? 1000 : 2000;
  const P5_ROUNDS = 5;
  for (const [name, viaDrizzle, text, params] of hot) {
    const viaRaw = () => raw.query({ name: `raw_${name.length}_${text.length}`, text, values: params });
    for (let i = 0; i < 200; i++) await Promise.all([viaDrizzle(), viaRaw()]);
    let d = 0;
    let r = 0;
    for (let round = 0; round < P5_ROUNDS; round++) {
      r += await median(1, async () => {
        for (let i = 0; i < N; i++) await viaRaw();
      });
      d += await median(1, async () => {
        for (let i = 0; i < N; i++) await viaDrizzle();
      });
    }
    p5.push({
      statement: name,
      'drizzle µs': ((d / P5_ROUNDS / N) * 1000).toFixed(0),
      'raw pg µs': ((r / P5_ROUNDS / N) * 1000).toFixed(0),
      ratio: (d / r).toFixed(2),
      goal: '≤ 1.25',
      met: d / r <= 1.25 ? 'yes' : 'NO',
    });
  }
  await raw.end();
}
await overHttp.stop();

const county = results.find((r) => r.name.startsWith('county'))!;
const province = results.find((r) => r.name.startsWith('province'))!;
const memory = process.memoryUsage();
console.log(
  `\n${LEADS.toLocaleString()} leads loaded in ${loadSeconds.toFixed(1)} s (${database.kind}); ${ROUNDS} sequential calls per line, milliseconds:\n`,
);
console.table(results);
console.log(
  `province ÷ county list p95: ${(Number(province.p95) / Number(county.p95)).toFixed(2)} (goal ≤ 2)\n\nstatistics, ${STAT_ROUNDS} runs each, median (${MATTERS.toLocaleString()} matters):`,
);
console.table(ratios);
console.log('\ngateway ÷ subgraph called directly (P1), 10 callers:');
console.table(p1);
if (gateways) printGateways(gateways);
else console.log('\nthe gateways side by side run on PostgreSQL only: set DATABASE_URL.');
console.log('\naudited reads, 1 → 10 callers:');
console.table([audited]);
console.log('\nauth + graphql-shield on 1,000 rows (P2), median of 7, three rounds:');
console.table([p2]);
if (p5.length) {
  console.log(`\ndrizzle ÷ raw node-postgres (P5), five interleaved rounds of ${QUICK ? 1000 : 2000} sequential runs:`);
  console.table(p5);
} else console.log('\nP5 (drizzle ÷ raw node-postgres) runs on PostgreSQL only: set DATABASE_URL.');
console.log(
  `memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB\n`,
);
await hub.stop();
await database.close();
