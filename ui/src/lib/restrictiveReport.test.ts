import { describe, expect, it } from 'vitest';
import { report } from '../test/report';
import { addMonths, defaultPeriod, describeEpisodes, describeProne, equality, hoursText, periodErrors, positions, proneChart, rateText, reportInput, wardTotals } from './restrictiveReport';

describe('the restrictive practice report', () => {
  it('covers the last 12 London months by default', () => {
    expect(defaultPeriod(new Date('2026-03-31T23:30:00Z'))).toEqual({ fromMonth: '2025-05', toMonth: '2026-04' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });

  it('checks the months and turns the scope into the command input', () => {
    expect(periodErrors('2026-04', '2026-03')).toEqual({ toMonth: 'The last month cannot be before the first' });
    expect(periodErrors('2024-01', '2026-01')).toEqual({ toMonth: 'A report covers at most 24 months' });
    expect(periodErrors('2024-02', '2026-01')).toEqual({});
    expect(periodErrors('', '2026-13')).toEqual({ fromMonth: 'Enter the first month, for example 2026-01', toMonth: 'Enter the last month, for example 2026-12' });
    expect(reportInput({ scope: 'site:s1', fromMonth: '2026-01', toMonth: '2026-02' })).toEqual({ siteId: 's1', wardId: null, fromMonth: '2026-01', toMonth: '2026-02' });
    expect(reportInput({ scope: '', fromMonth: '2026-01', toMonth: '2026-02' })).toMatchObject({ siteId: null, wardId: null });
  });

  it('says durations and rates as people read them', () => {
    expect(hoursText(45)).toBe('45 min');
    expect(hoursText(750)).toBe('12.5 h');
    expect(rateText(40 / 43)).toBe('93%');
    expect(rateText(null)).toBe('—');
  });

  it('sums each ward over the period and lists positions and equality in order', () => {
    const r = report();
    expect(wardTotals(r.rows)).toEqual([
      { wardName: 'Cedar Ward', seclusions: 3, seclusionMinutes: 750, segregations: 1, usesOfForce: 4, proneOver10: 1 },
      { wardName: 'Willow Ward', seclusions: 0, seclusionMinutes: 0, segregations: 0, usesOfForce: 0, proneOver10: 0 },
    ]);
    expect(positions(r.overall.measures)).toEqual([['Prone (01)', 2], ['Supine (09)', 2]]);
    expect(equality(r.overall.measures)).toEqual([
      { name: 'Age', values: [['25-34', 3]] },
      { name: 'Sex', values: [['Female', 2], ['Not known', 1]] },
      { name: 'Ethnic group (race)', values: [['Declined to say', 3]] },
    ]);
  });

  it('draws prone restraint split at 10 minutes, and says what the charts show', () => {
    const r = report();
    expect(proneChart(r.totals).series.map((s) => [s.label, s.data])).toEqual([
      ['Prone 10 minutes or less', [0, 1]],
      ['Prone over 10 minutes', [0, 1]],
    ]);
    expect(describeEpisodes(r.totals)).toMatch(/^Bar chart of seclusions, long-term segregations and uses of force each month, February 2026 to March 2026: 3 seclusions, 1 long-term segregation and 4 uses of force in all\. The most uses of force in one month was 4, in March 2026\./);
    expect(describeProne(r.totals)).toMatch(/1 of 10 minutes or less and 1 over 10 minutes\. The most over 10 minutes in one month was 1, in March 2026\./);
  });
});
