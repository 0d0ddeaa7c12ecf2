import { describe, expect, it } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { trend, wardSummary } from '../test/dashboard';
import { daysBetween, describeOpenOverdue, describeRaisedClosed, monthLabel, scopeChoices, scopeRoute, scopeValue, vigilanceLimit } from './dashboard';

describe('dashboard helpers', () => {
  it('turns a scope into a select value and back into a route', () => {
    expect(scopeValue({})).toBe('');
    expect(scopeValue({ siteId: 's1' })).toBe('site:s1');
    expect(scopeValue({ wardId: 'w1', siteId: null })).toBe('ward:w1');
    expect(scopeRoute('')).toEqual({ name: 'dashboard' });
    expect(scopeRoute('site:s1')).toEqual({ name: 'dashboard', siteId: 's1' });
    expect(scopeRoute('ward:w1')).toEqual({ name: 'dashboard', wardId: 'w1' });
    expect(scopeRoute('ward:')).toEqual({ name: 'dashboard' });
  });

  it('names the widest scope as the backend does: the whole trust for a trust-wide role', () => {
    const manager: UserInfo = { id: 'u', username: 'm', displayName: 'M', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
    const wards = [wardSummary('w1', 'Cedar Ward', 's1', 'Riverside')];
    expect(scopeChoices(manager, wards).options[0].label).toBe('All my wards');
    expect(scopeChoices({ ...manager, roles: [{ role: 'governance' }] }, wards).options[0].label).toBe('The whole trust');
  });

  it('reads months, days and limits as people do', () => {
    expect(monthLabel('2025-04')).toBe('Apr 2025');
    expect(monthLabel('nonsense')).toBe('nonsense');
    expect(daysBetween('2025-07-01T09:00:00Z', '2025-07-08T08:59:00Z')).toBe(6);
    expect(daysBetween('2025-07-08T09:00:00Z', '2025-07-01T09:00:00Z')).toBe(0);
    expect(vigilanceLimit(1)).toBe('for more than 1 day');
    expect(vigilanceLimit(null)).toBe("for longer than the trust's policy allows");
  });

  it('describes both charts in words', () => {
    const t = trend({ '2025-02': { raised: 3, closed: 1, openAtEnd: 2 }, '2025-07': { raised: 1, openAtEnd: 4, overdueAtEnd: 1 } });
    expect(describeRaisedClosed(t)).toMatch(/^Bar chart .* August 2024 to July 2025: 4 raised and 1 closed in all\. The most raised in one month was 3, in February 2025\./);
    expect(describeOpenOverdue(t)).toMatch(/0 open and 0 overdue at the end of August 2024; 4 open and 1 overdue now\./);
    expect(describeRaisedClosed([])).toMatch(/no months to show/);
  });
});
