import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../server/command.ts';

/**
 * The reporting job's client: asks the hub to freeze a region's report for a month (or gets the revision already
 * frozen), then fetches its XLSX, CSV and PDF (the printable analysis with the month's charts), each with its detached signature (.sig, for `npm run verify`). It calls the hub like any agency system, with the service account's token.
 */
const USAGE = `
usage: HUB_REPORT_TOKEN=… npm run report -- --month YYYY-MM --region CODE --out DIR [--url URL]

  --month    a month already ended, e.g. 2026-10
  --region   a GB/T 2260 division the token's account oversees, e.g. 220000
  --out      where to write <region>-<month>-r<revision>.xlsx, .csv and .pdf, each with its signature (.sig)
  --url      the hub's gateway (http://127.0.0.1:4000 unless set)

HUB_REPORT_TOKEN is the reporting service account's token (in development: npm run -s token -- superior-220000-reporting-job).
Progress goes to stderr; the files written, one per line, to stdout.
`;
const { values } = parseCommand(USAGE, {
  month: { type: 'string' },
  region: { type: 'string' },
  out: { type: 'string' },
  url: { type: 'string' },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const token = process.env.HUB_REPORT_TOKEN;
if (!token) fail('HUB_REPORT_TOKEN must be the reporting service account’s token');
if (!values.month) fail('--month: give the month, YYYY-MM');
if (!values.region) fail('--region: give the region, a GB/T 2260 code');
if (!values.out) fail('--out: give the directory to write to');
const base = (values.url ?? 'http://127.0.0.1:4000').replace(/\/(graphql)?$/, '');
const progress = (step: number, text: string) => process.stderr.write(`[${step}/5] ${text}\n`);

progress(1, `freezing the report of ${values.region} for ${values.month} at ${base}`);
const response = await fetch(`${base}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query:
      'mutation($r: String!, $m: String!) { generateMonthlyReport(region: $r, month: $m) { id revision digest digestAlgorithm xlsxPath csvPath pdfPath xlsxSignaturePath csvSignaturePath pdfSignaturePath regionName } }',
    variables: { r: values.region, m: values.month },
  }),
}).catch((error) => fail(`cannot reach ${base}: ${error instanceof Error ? error.message : error}`));
const body = (await response.json().catch(() => ({}))) as {
  data?: {
    generateMonthlyReport?: {
      id: string;
      revision: number;
      digest: string;
      digestAlgorithm: string;
      xlsxPath: string;
      csvPath: string;
      pdfPath: string;
      xlsxSignaturePath: string | null;
      csvSignaturePath: string | null;
      pdfSignaturePath: string | null;
      regionName: string;
    };
  };
  errors?: { message: string; extensions?: { field?: string } }[];
};
const report = body.data?.generateMonthlyReport;
if (!report) fail(body.errors?.map((e) => e.message).join('; ') ?? `the hub answered ${response.status}`);
progress(
  2,
  `revision ${report!.revision} of ${report!.regionName} ${values.month}, ${report!.digestAlgorithm} ${report!.digest}`,
);
mkdirSync(values.out!, { recursive: true });
let step = 3;
const download = async (path: string) => {
  const file = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!file.ok) fail(`${path}: the hub answered ${file.status} ${await file.text()}`);
  return Buffer.from(await file.arrayBuffer());
};
for (const [path, signaturePath] of [
  [report!.xlsxPath, report!.xlsxSignaturePath],
  [report!.csvPath, report!.csvSignaturePath],
  [report!.pdfPath, report!.pdfSignaturePath],
] as const) {
  const target = join(values.out!, `${values.region}-${values.month}-r${report!.revision}.${path.split('.').pop()}`);
  writeFileSync(target, await download(path));
  console.log(target);
  if (signaturePath) {
    writeFileSync(`${target}.sig`, await download(signaturePath));
    console.log(`${target}.sig`);
  }
  progress(step++, `wrote ${target}${signaturePath ? ' and its signature' : ''}`);
}
