import { describe, expect, it } from 'vitest';
import type { Ward } from '../generated/bindings';
import { href, parseRoute } from './routes';
import { grantLabel, userFieldTarget, wardsBySite } from './setup';

const wards: Ward[] = [
  { id: 'w2', siteId: 's1', siteName: 'Riverside', name: 'Oak Ward', specialty: 'acute' },
  { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' },
  { id: 'w3', siteId: 's2', siteName: 'Hillside', name: 'Ash Ward', specialty: 'ld' },
];
const roles = [
  { value: 'ward_manager', label: 'Ward manager' },
  { value: 'matron', label: 'Matron' },
];

describe('trust set-up helpers', () => {
  it('has a route of its own', () => {
    expect(parseRoute('#/setup')).toEqual({ name: 'setup' });
    expect(href({ name: 'setup' })).toBe('#/setup');
  });

  it.each([
    ['username', 'user-username'],
    ['displayName', 'user-displayName'],
    ['password', 'user-password'],
    ['roles[0].role', 'user-role-0-role'],
    ['roles[2].wardId', 'user-role-2-ward'],
    ['input.roles[1].wardId', 'user-role-1-ward'],
    ['roles', 'user-role-0-role'],
    ['input', null],
    [null, null],
  ])('finds the input for the backend field %s', (field, id) => {
    expect(userFieldTarget(field)).toBe(id);
  });

  it('names each role with its ward', () => {
    expect(grantLabel({ role: 'ward_manager', wardId: 'w1' }, roles, wards)).toBe('Ward manager – Cedar Ward (Riverside)');
    expect(grantLabel({ role: 'matron', wardId: null }, roles, wards)).toBe('Matron – every ward');
    expect(grantLabel({ role: 'matron' }, roles, wards)).toBe('Matron – every ward');
  });

  it('groups wards by site, by name', () => {
    const groups = wardsBySite([{ id: 's1', name: 'Riverside' }, { id: 's2', name: 'Hillside' }, { id: 's3', name: 'Empty' }], wards);
    expect(groups.map((g) => [g.siteName, g.wards.map((w) => w.name)])).toEqual([
      ['Riverside', ['Cedar Ward', 'Oak Ward']],
      ['Hillside', ['Ash Ward']],
      ['Empty', []],
    ]);
  });
});
