import { describe, expect, it } from 'vitest';
import { type AgencyRecord, activeOn, checkRegistry, levelOfDivision, type PersonRecord } from './registry.ts';

const agency = (
  id: string,
  divisionCode: string,
  parentId: string | null,
  kind: AgencyRecord['kind'] = 'MIB',
): AgencyRecord => ({
  id,
  kind,
  level: levelOfDivision(divisionCode),
  divisionCode,
  parentId,
  name: id,
  shortName: id,
});
const person = (id: string, agencyId: string, overrides: Partial<PersonRecord> = {}): PersonRecord => ({
  id,
  agencyId,
  name: id,
  issuer: 'idp',
  subject: id,
  positions: ['MIB_OFFICER'],
  certificates: [],
  activeFrom: '2025-01-01',
  activeTo: null,
  ...overrides,
});

describe('the registry rules', () => {
  const view = (agencies: AgencyRecord[], people: PersonRecord[]) => ({
    agencies: new Map(agencies.map((a) => [a.id, a])),
    people: new Map(people.map((p) => [p.id, p])),
  });
  const exists = () => true;

  it('reads the level off a division code', () => {
    expect([levelOfDivision('220000'), levelOfDivision('220100'), levelOfDivision('220102')]).toEqual([
      'PROVINCE',
      'CITY',
      'COUNTY',
    ]);
  });

  it('wants a parent of the same kind above the agency, and one agency of a kind per division', () => {
    const problems = checkRegistry(
      view(
        [
          agency('p', '220000', null),
          agency('c', '220100', 'p'),
          agency('x', '220102', 'police', 'MIB'),
          agency('police', '220000', null, 'POLICE'),
          agency('y', '220104', 'police'),
          agency('twin', '220100', 'p'),
          agency('orphan', '220200', null),
          agency('sideways', '220202', 'c'),
        ],
        [],
      ),
      exists,
    );
    expect(problems.map((p) => `${p.id}:${p.field}`).sort()).toEqual(
      ['orphan:parentId', 'sideways:parentId', 'twin:divisionCode', 'x:parentId', 'y:parentId'].sort(),
    );
  });

  it('wants people in an agency of their positions’ kind, one identity and one holder per certificate', () => {
    const certificate = { number: 'JL0001', validFrom: '2025-01-01', validTo: '2026-12-31' };
    const problems = checkRegistry(
      view(
        [agency('p', '220000', null), agency('s', '220000', null, 'SUPERIOR'), agency('c', '220100', 'p')],
        [
          person('a', 'p', { certificates: [certificate] }),
          person('b', 'p', { subject: 'a' }),
          person('c1', 'c', { certificates: [certificate] }),
          person('judge', 'p', { positions: ['JUDGE'] }),
          person('admin', 's', { positions: ['REGISTRY_ADMIN'] }),
          person('cityAdmin', 'c', { positions: ['REGISTRY_ADMIN'] }),
          person('nowhere', 'gone'),
        ],
      ),
      exists,
    );
    expect(problems.map((p) => `${p.id}:${p.field}`).sort()).toEqual(
      [
        'b:subject',
        'c1:certificates.0.number',
        'judge:positions.0',
        'cityAdmin:positions.0',
        'nowhere:agencyId',
      ].sort(),
    );
  });

  it('counts active days in Asia/Shanghai dates, both ends included', () => {
    const p = { activeFrom: '2026-01-01', activeTo: '2026-12-31' };
    expect([
      activeOn(p, '2025-12-31'),
      activeOn(p, '2026-01-01'),
      activeOn(p, '2026-12-31'),
      activeOn(p, '2027-01-01'),
    ]).toEqual([false, true, true, false]);
    expect(activeOn({ ...p, deactivated: true }, '2026-06-01')).toBe(false);
  });
});

describe('a change to an agency', () => {
  const view = (agencies: AgencyRecord[], people: PersonRecord[]) => ({
    agencies: new Map(agencies.map((a) => [a.id, a])),
    people: new Map(people.map((p) => [p.id, p])),
  });
  const province = agency('p', '220000', null);

  it('is refused when its people would hold positions of another kind', () => {
    const turned = { ...agency('c', '220102', 'police-p', 'POLICE') };
    const problems = checkRegistry(
      view([province, agency('police-p', '220000', null, 'POLICE'), turned], [person('officer', 'c')]),
      () => true,
      new Set(['c']),
    );
    expect(problems).toEqual([
      { id: 'c', field: 'kind', message: 'officer holds MIB_OFFICER, which is not a position of a POLICE agency' },
    ]);
  });

  it('leaves alone its deactivated people, and people of other agencies', () => {
    const problems = checkRegistry(
      view(
        [province, agency('police-p', '220000', null, 'POLICE'), agency('c', '220102', 'police-p', 'POLICE')],
        [person('gone', 'c', { deactivated: true } as Partial<PersonRecord>), person('elsewhere', 'p')],
      ),
      () => true,
      new Set(['c']),
    );
    expect(problems).toEqual([]);
  });
});
