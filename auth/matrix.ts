/**
 * The permissions matrix: what each role sees of each sensitive field, on one matter whose lead came from a
 * real-name report to 长春市南关区医疗保障局 and which went all the way to 南关区人民法院. `test/matrix.test.ts`
 * checks every cell against the running hub; `docs/permissions.md` is printed from this table.
 *
 * full: the value; masked: a de-identified value (张某某, 220102********1234); denied: null with a FORBIDDEN error;
 * absent: the record is not in the role's slice and behaves as if it did not exist.
 */
export type Access = 'full' | 'masked' | 'denied' | 'absent';

export const FIELDS = [
  'Lead.summary',
  'Lead.subject.name',
  'Lead.subject.idNumber',
  'Lead.informant',
  'Matter.controlNumber',
  'Matter.timeline',
  'Matter.subject.idNumber',
  'OutcomeNotification',
  'AuditEntry',
  'Exposure.subjectName',
  'ExposureEntry',
] as const;
export type Field = (typeof FIELDS)[number];

export interface RoleRow {
  role: string;
  /** The demo person who plays the role, or null for the public. */
  person: string | null;
  slice: string;
  access: Record<Field, Access>;
}

const row = (role: string, person: string | null, slice: string, cells: Access[]): RoleRow => ({
  role,
  person,
  slice,
  access: Object.fromEntries(FIELDS.map((f, i) => [f, cells[i]])) as Record<Field, Access>,
});

export const MATRIX: RoleRow[] = [
  row('MIB officer (the bureau that took the lead)', 'mib-220102-officer-1', 'own leads and matters', [
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'denied',
    'masked',
    'full',
  ]),
  row('MIB head (the same bureau)', 'mib-220102-head', 'own leads and matters; audit of own staff and records', [
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'full',
    'masked',
    'full',
  ]),
  row('MIB analyst (the same bureau)', 'mib-220102-analyst', 'own bureau, de-identified', [
    'full',
    'masked',
    'masked',
    'denied',
    'full',
    'full',
    'masked',
    'full',
    'denied',
    'masked',
    'denied',
  ]),
  row('MIB officer of the province (supervisor)', 'mib-220000-officer-1', 'regions under it, read-only', [
    'full',
    'full',
    'masked',
    'denied',
    'full',
    'full',
    'masked',
    'absent',
    'denied',
    'masked',
    'absent',
  ]),
  row('MIB officer of a sibling city', 'mib-220200-officer-1', 'own region only', [
    'absent',
    'absent',
    'absent',
    'absent',
    'absent',
    'absent',
    'absent',
    'absent',
    'denied',
    'masked',
    'absent',
  ]),
  row('Police officer (the police it was transferred to)', 'police-220102-officer', 'matters transferred to it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'full',
    'full',
    'full',
    'denied',
    'denied',
    'masked',
    'denied',
  ]),
  row('Police head (the same police)', 'police-220102-head', 'matters transferred to it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'full',
    'full',
    'full',
    'denied',
    'denied',
    'masked',
    'denied',
  ]),
  row('Prosecutor (the same-level procuratorate)', 'procuratorate-220102-prosecutor', 'matters copied or sent to it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'full',
    'full',
    'full',
    'denied',
    'denied',
    'masked',
    'absent',
  ]),
  row('Judge or clerk (the court it was prosecuted to)', 'court-220102-judge', 'matters prosecuted to it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'full',
    'full',
    'full',
    'denied',
    'denied',
    'masked',
    'absent',
  ]),
  row('Judge of a sibling court', 'court-220104-judge', 'matters prosecuted to it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'absent',
    'absent',
    'absent',
    'denied',
    'denied',
    'masked',
    'absent',
  ]),
  row('Superior reviewer (auditor)', 'superior-220000-reviewer', 'matters and audit entries in the regions under it', [
    'denied',
    'denied',
    'denied',
    'denied',
    'full',
    'full',
    'masked',
    'denied',
    'full',
    'masked',
    'denied',
  ]),
  row('Cross-agency analyst', 'superior-220000-analyst', 'aggregates only (none yet)', [
    'denied',
    'denied',
    'denied',
    'denied',
    'absent',
    'absent',
    'absent',
    'denied',
    'denied',
    'masked',
    'denied',
  ]),
  row('Reporting job (service account)', 'superior-220000-reporting-job', 'aggregates only (none yet)', [
    'denied',
    'denied',
    'denied',
    'denied',
    'absent',
    'absent',
    'absent',
    'denied',
    'denied',
    'masked',
    'denied',
  ]),
  row('Public (no token)', null, 'the published exposure feed only', [
    'denied',
    'denied',
    'denied',
    'denied',
    'denied',
    'denied',
    'denied',
    'denied',
    'denied',
    'masked',
    'denied',
  ]),
];

export function renderMatrix() {
  const header = `| Role | Slice | ${FIELDS.join(' | ')} |`;
  const rule = `| --- | --- | ${FIELDS.map(() => '---').join(' | ')} |`;
  const rows = MATRIX.map((r) => `| ${r.role} | ${r.slice} | ${FIELDS.map((f) => r.access[f]).join(' | ')} |`);
  return [
    '# Permissions matrix',
    '',
    'Printed from `auth/matrix.ts` by `npm run schema:print`; `test/matrix.test.ts` checks every cell against the running hub.',
    'The record: a lead from a real-name report to 长春市南关区医疗保障局, transferred, filed, prosecuted to 南关区人民法院.',
    '',
    '`full` the value · `masked` de-identified (张某某, 220102********1234) · `denied` null with a FORBIDDEN error · `absent` outside the slice: behaves as if it did not exist.',
    '`Exposure.subjectName` is the published entry about that person, in `exposures`, the feeds and /exposure: redacted for everyone; `ExposureEntry` is its draft and versions (`myExposures`), for the publishing agency’s staff.',
    '',
    header,
    rule,
    ...rows,
    '',
    'Every field of every type has an explicit graphql-shield rule, written beside the type (`guardType` and `guardFields` in',
    '`schema/<subgraph>/<type>.ts`) and asking the named permissions of `auth/policy.ts`; a field without one is denied, and',
    '`test/schema.test.ts` fails on it. Mutations are admitted by position and then checked against the procedure: the',
    'acting agency must be the matter’s party for that step, in the stage the step follows.',
    '',
  ].join('\n');
}
