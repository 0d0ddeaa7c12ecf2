import { describe, expect, it } from 'vitest';
import { addErrors, blanketStatus, isDate, liftErrors, reviewErrors, splitRegister } from './blanket';

const TODAY = '2026-05-04';

describe('the blanket restrictions register', () => {
  it('flags an overdue review in red with how long, and says lifted or in place', () => {
    expect(blanketStatus({ inPlace: true, reviewOverdue: true, daysOverdue: 3 })).toEqual({ label: 'Review overdue by 3 days', tag: 'nhsuk-tag--red' });
    expect(blanketStatus({ inPlace: true, reviewOverdue: true, daysOverdue: 1 }).label).toBe('Review overdue by 1 day');
    expect(blanketStatus({ inPlace: true, reviewOverdue: false, daysOverdue: 0 })).toEqual({ label: 'In place', tag: 'nhsuk-tag--blue' });
    expect(blanketStatus({ inPlace: false, reviewOverdue: false, daysOverdue: 0 }).label).toBe('Lifted');
  });

  it('puts the restrictions in place before the lifted ones, keeping their order', () => {
    const rows = [{ inPlace: false, n: 1 }, { inPlace: true, n: 2 }, { inPlace: true, n: 3 }];
    const { inPlace, lifted } = splitRegister(rows);
    expect(inPlace.map((r) => r.n)).toEqual([2, 3]);
    expect(lifted.map((r) => r.n)).toEqual([1]);
  });

  it('checks calendar dates', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('28/02/2026')).toBe(false);
  });

  it('names each missing or impossible field in the order of the form', () => {
    expect(Object.keys(addErrors({ restriction: '', reason: '', approvedBy: '', approvedOn: '', reviewDate: '' }, TODAY))).toEqual(['restriction', 'reason', 'approvedBy', 'approvedOn', 'reviewDate']);
    const ok = { restriction: 'Garden locked after 20:00', reason: 'Fence repair', approvedBy: 'Mo Matron (matron)', approvedOn: '2026-05-01', reviewDate: '2026-06-01' };
    expect(addErrors(ok, TODAY)).toEqual({});
    expect(addErrors({ ...ok, approvedOn: '2026-05-05' }, TODAY)).toEqual({ approvedOn: 'The approval date cannot be in the future' });
    expect(addErrors({ ...ok, reviewDate: '2026-04-30' }, TODAY)).toEqual({ reviewDate: 'The review date cannot be before it was approved' });
    expect(reviewErrors({ nextReviewDate: '2026-05-03', note: '' }, TODAY)).toEqual({ nextReviewDate: 'The next review cannot be in the past', note: 'Say what the review found and why the restriction stays' });
    expect(liftErrors({ liftedOn: '2026-05-05', reason: 'Fence fixed' }, TODAY)).toEqual({ liftedOn: 'The date it was lifted cannot be in the future' });
  });
});
