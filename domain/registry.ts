import { z } from 'zod';
import {
  AGENCY_KINDS,
  AGENCY_LEVELS,
  type AgencyLevel,
  graphqlMeta,
  POSITION_AGENCY_KIND,
  POSITIONS,
} from './codes.ts';
import { isWithinDivision } from './divisions.ts';
import { zDate, zDivisionCode, zName, zText } from './validate.ts';

/**
 * The registry (docs/security.md, principle 8): the agencies and the people who act in them. A token names a person (issuer and
 * subject); the person's agency, positions and certificates come from here, never from the token.
 */

export const zRegistryId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be 1–63 lower-case letters, digits and hyphens, starting with a letter or digit',
  );

/** An enforcement certificate number (行政执法证号), as printed on the certificate. */
export const zCertificateNumber = z.string().regex(/^[A-Z0-9]{6,32}$/, 'must be 6–32 capital letters and digits');

export const agencyRecord = z.object({
  id: zRegistryId,
  kind: AGENCY_KINDS.schema,
  level: AGENCY_LEVELS.schema,
  divisionCode: zDivisionCode,
  parentId: zRegistryId.nullable(),
  name: zName,
  /** The prefix of the agency's document numbers: 长医保 in 长医保移〔2026〕12号. */
  shortName: zText(20).min(1, 'must not be empty'),
});
export type AgencyRecord = z.output<typeof agencyRecord>;

export const certificateRecord = z
  .object({ number: zCertificateNumber, validFrom: zDate, validTo: zDate })
  .refine((c) => c.validTo >= c.validFrom, { path: ['validTo'], message: 'must not be before validFrom' })
  .register(graphqlMeta, { name: 'CertificateInput' });
export type CertificateRecord = z.output<typeof certificateRecord>;

export const personRecord = z
  .object({
    id: zRegistryId,
    agencyId: zRegistryId,
    name: zName,
    /** The identity provider's `iss` and the person's `sub` there: what a token is matched on. */
    issuer: zText(200).min(1, 'must not be empty'),
    subject: zText(200).min(1, 'must not be empty'),
    positions: z
      .array(POSITIONS.schema)
      .min(1, 'must hold at least one position')
      .max(POSITIONS.values.length, 'lists a position twice')
      .refine((p) => new Set(p).size === p.length, 'lists a position twice'),
    certificates: z.array(certificateRecord).max(10, 'must list at most 10 certificates'),
    activeFrom: zDate,
    activeTo: zDate.nullable(),
  })
  .refine((p) => !p.activeTo || p.activeTo >= p.activeFrom, {
    path: ['activeTo'],
    message: 'must not be before activeFrom',
  });
export type PersonRecord = z.output<typeof personRecord>;

/** The registry as a whole, or as it would be after a change: every rule between records is checked on this. */
export interface RegistryView {
  agencies: Map<string, AgencyRecord & { deactivated?: boolean }>;
  people: Map<string, PersonRecord & { deactivated?: boolean }>;
}

export interface RegistryProblem {
  /** The agency's or person's id. */
  id: string;
  field: string;
  message: string;
}

/** The level a division code says: xx0000 a province, xxyy00 a city, anything else a county. */
export function levelOfDivision(code: string): AgencyLevel {
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

const LEVEL_RANK: Record<AgencyLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2 };

/** Positions held only at province level: the registry administrator manages a whole province. */
const PROVINCE_ONLY = new Set(['REGISTRY_ADMIN']);

/**
 * The rules between records, for the records named in `ids` (all when omitted): divisions that exist and fit the
 * level, a parent of the same kind above it, one agency of a kind per division, people in an existing agency in
 * positions of its kind (an agency's change checks its people too), one person per token identity, one holder per
 * certificate.
 */
export function checkRegistry(
  view: RegistryView,
  divisionExists: (code: string) => boolean,
  ids?: Set<string>,
): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  const checked = (id: string) => !ids || ids.has(id);
  const byKindDivision = new Map<string, string>();
  for (const agency of view.agencies.values()) {
    const key = `${agency.kind}:${agency.divisionCode}`;
    const other = byKindDivision.get(key);
    if (other && (checked(agency.id) || checked(other)))
      problems.push({
        id: checked(agency.id) ? agency.id : other,
        field: 'divisionCode',
        message: `${agency.kind} ${agency.divisionCode} is already ${checked(agency.id) ? other : agency.id}: one agency of a kind per division`,
      });
    byKindDivision.set(key, agency.id);
    if (!checked(agency.id)) continue;
    if (!divisionExists(agency.divisionCode))
      problems.push({
        id: agency.id,
        field: 'divisionCode',
        message: `${agency.divisionCode} is not a GB/T 2260 division`,
      });
    else if (levelOfDivision(agency.divisionCode) !== agency.level)
      problems.push({
        id: agency.id,
        field: 'level',
        message: `${agency.level} does not fit division ${agency.divisionCode} (a ${levelOfDivision(agency.divisionCode)} code)`,
      });
    if (agency.parentId) {
      const parent = view.agencies.get(agency.parentId);
      if (!parent) problems.push({ id: agency.id, field: 'parentId', message: `no agency ${agency.parentId}` });
      else if (parent.kind !== agency.kind)
        problems.push({
          id: agency.id,
          field: 'parentId',
          message: `${parent.id} is a ${parent.kind}, not a ${agency.kind}`,
        });
      else if (
        LEVEL_RANK[parent.level] >= LEVEL_RANK[agency.level] ||
        !isWithinDivision(agency.divisionCode, parent.divisionCode)
      )
        problems.push({
          id: agency.id,
          field: 'parentId',
          message: `${parent.id} (${parent.divisionCode}) is not above ${agency.divisionCode}`,
        });
    } else if (agency.level !== 'PROVINCE')
      problems.push({ id: agency.id, field: 'parentId', message: 'a city or county agency needs its parent' });
  }
  const bySubject = new Map<string, string>();
  const byCertificate = new Map<string, string>();
  for (const person of view.people.values()) {
    const subjectKey = `${person.issuer}\u0000${person.subject}`;
    const sameSubject = bySubject.get(subjectKey);
    if (sameSubject && (checked(person.id) || checked(sameSubject)))
      problems.push({
        id: checked(person.id) ? person.id : sameSubject,
        field: 'subject',
        message: `${person.issuer} ${person.subject} already identifies ${checked(person.id) ? sameSubject : person.id}`,
      });
    bySubject.set(subjectKey, person.id);
    for (const [i, certificate] of person.certificates.entries()) {
      const holder = byCertificate.get(certificate.number);
      if (holder && (checked(person.id) || checked(holder)))
        problems.push({
          id: checked(person.id) ? person.id : holder,
          field: `certificates.${i}.number`,
          message: `${certificate.number} is already held by ${checked(person.id) ? holder : person.id}`,
        });
      byCertificate.set(certificate.number, person.id);
    }
    // A changed agency re-checks its people's positions, and answers for them under its own field.
    const viaAgency = !checked(person.id) && checked(person.agencyId) && !person.deactivated;
    if (!checked(person.id) && !viaAgency) continue;
    const agency = view.agencies.get(person.agencyId);
    if (!agency) {
      problems.push({ id: person.id, field: 'agencyId', message: `no agency ${person.agencyId}` });
      continue;
    }
    if (agency.deactivated && !person.deactivated && !viaAgency)
      problems.push({ id: person.id, field: 'agencyId', message: `${agency.id} is deactivated` });
    for (const [i, position] of person.positions.entries()) {
      const where = (field: 'kind' | 'level') =>
        viaAgency ? { id: agency.id, field } : { id: person.id, field: `positions.${i}` };
      const whose = viaAgency ? `${person.id} holds ${position}, which` : position;
      if (POSITION_AGENCY_KIND[position] !== agency.kind)
        problems.push({ ...where('kind'), message: `${whose} is not a position of a ${agency.kind} agency` });
      else if (PROVINCE_ONLY.has(position) && agency.level !== 'PROVINCE')
        problems.push({ ...where('level'), message: `${whose} is held at province level only` });
    }
  }
  return problems;
}

/** Whether a person may act on `day` (Asia/Shanghai): registered, not deactivated, within their active dates. */
export function activeOn(
  person: { activeFrom: string; activeTo: string | null; deactivated?: boolean },
  day: string,
): boolean {
  return !person.deactivated && person.activeFrom <= day && (!person.activeTo || person.activeTo >= day);
}

/** The person's certificate valid on `day`, if any. */
export const certificateOn = (certificates: readonly CertificateRecord[], day: string) =>
  certificates.find((c) => c.validFrom <= day && c.validTo >= day);
