import { describe, expect, it } from 'vitest';
import { byMonth, durationText, londonMonth, monthLabel, nhsNumberValid, proneMinutes, proneOverLimit, proneText, s6Label } from './force';

const at = (code: string, t: string) => ({ code, at: `2026-04-01T${t}:00Z` });
const END = '2026-04-01T10:30:00Z';

describe('prone time (as the backend works it out)', () => {
  it.each([
    ['never prone', [at('07', '10:00'), at('09', '10:05')], 0, false],
    ['prone until the next change', [at('01', '10:00'), at('10', '10:08')], 8, false],
    ['exactly 10 minutes is not over', [at('01', '10:00'), at('11', '10:10')], 10, false],
    ['prone twice adds up', [at('01', '10:00'), at('09', '10:06'), at('01', '10:20'), at('12', '10:25')], 11, true],
    ['prone to the end', [at('07', '10:00'), at('01', '10:18')], 12, true],
    ['changes in any order', [at('10', '10:08'), at('01', '10:00')], 8, false],
  ])('%s', (_name, positions, minutes, over) => {
    const prone = proneMinutes(positions, END);
    expect(prone).toBe(minutes);
    expect(proneOverLimit(prone)).toBe(over);
  });

  it('counts seconds, and ignores a position after the end', () => {
    expect(proneMinutes([{ code: '01', at: '2026-04-01T10:00:00Z' }], '2026-04-01T10:12:30Z')).toBe(12.5);
    expect(proneMinutes([at('01', '10:40')], END)).toBe(0);
  });

  it('says it in words, flagged over 10 minutes', () => {
    expect(proneText(12)).toBe('Prone time: 12 minutes — over 10 minutes');
    expect(proneText(10)).toBe('Prone time: 10 minutes');
    expect(proneText(12.5)).toBe('Prone time: 12 minutes 30 seconds — over 10 minutes');
    expect(durationText(0.75)).toBe('45 seconds');
    expect(durationText(1)).toBe('1 minute');
    expect(durationText(125.5)).toBe('2 hours 5 minutes');
  });
});

describe('London months', () => {
  it('puts an instant in its London month, across the clock change', () => {
    expect(londonMonth('2026-03-31T23:30:00Z')).toBe('2026-04'); // 00:30 BST on 1 April
    expect(londonMonth('2026-01-31T23:30:00Z')).toBe('2026-01'); // GMT
    expect(monthLabel('2026-03')).toBe('March 2026');
  });

  it('groups newest month first, keeping the order within a month', () => {
    const items = [{ t: '2026-04-02T10:00:00Z' }, { t: '2026-04-01T10:00:00Z' }, { t: '2026-02-10T10:00:00Z' }, { t: '2026-03-31T23:30:00Z' }];
    const groups = byMonth(items, (i) => i.t);
    expect(groups.map((g) => g.month)).toEqual(['2026-04', '2026-02']);
    expect(groups[0].items.map((i) => i.t)).toEqual(['2026-04-02T10:00:00Z', '2026-04-01T10:00:00Z', '2026-03-31T23:30:00Z']);
  });
});

describe('NHS numbers and labels', () => {
  it('checks 10 digits and the modulus 11 check digit', () => {
    expect(nhsNumberValid('943 476 5919')).toBe(true);
    expect(nhsNumberValid('9434765918')).toBe(false);
    expect(nhsNumberValid('943476591')).toBe(false);
  });

  it('labels each s6 item with its letter', () => {
    expect(s6Label('a')).toBe('(a) The reason force was used');
    expect(s6Label('p')).toBe("(p) Whether the people to be notified under the patient's care plan were notified");
  });
});
