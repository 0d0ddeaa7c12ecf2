import { describe, expect, it } from 'vitest';
import type { Requirement } from '../generated/bindings';
import {
  authoriserRoles,
  byUrgency,
  countdown,
  endings,
  holdsAnywhere,
  CAN_VIEW_RESTRICTIVE,
  minutesText,
  observationPrompt,
  requirementLines,
  requirementTag,
  reviewRecord,
  reviewKinds,
  spacedNhsNumber,
} from './restrictive';
import { formatTime } from './format';
import { londonInputToInstant, londonInputValue } from './restrictiveTime';
import { fromDraft, hoursAsMinutes, intervalParts, minutesAsHours, partsInterval, ruleFieldOf, toDraft } from './restrictiveRules';
import { requirement as req, rule } from '../test/restrictive';

const at = (iso: string) => Date.parse(iso);

describe('words', () => {
  it.each([
    [0, '0 minutes'],
    [1, '1 minute'],
    [45, '45 minutes'],
    [60, '1 hour'],
    [125, '2 hours 5 minutes'],
    [1440, '1 day'],
    [3 * 1440 + 4 * 60 + 7, '3 days 4 hours'],
  ])('%i minutes read as "%s"', (n, text) => {
    expect(minutesText(n)).toBe(text);
  });

  it('spaces NHS numbers 3-3-4 and leaves anything else alone', () => {
    expect(spacedNhsNumber('9434765919')).toBe('943 476 5919');
    expect(spacedNhsNumber('12345')).toBe('12345');
  });

  it('offers only the reviews, authorisers and endings of the episode kind', () => {
    expect(reviewKinds('seclusion')).toEqual(['nursing', 'medical', 'internal_mdt', 'independent_mdt']);
    expect(reviewKinds('long_term_segregation')).not.toContain('medical');
    expect(reviewKinds('long_term_segregation')).toContain('internal_mdt');
    expect(authoriserRoles('seclusion')).toContain('registered_nurse');
    expect(authoriserRoles('long_term_segregation')).toEqual(['doctor', 'approved_clinician']);
    expect(endings('seclusion')).not.toContain('moved_to_seclusion');
    expect(endings('long_term_segregation')).not.toContain('moved_to_long_term_segregation');
  });

  it('lets anyone with a viewing role on any ward see the board', () => {
    expect(holdsAnywhere({ id: 'u', username: 'u', displayName: 'U', roles: [{ role: 'ward_staff', wardId: 'w1' }] }, CAN_VIEW_RESTRICTIVE)).toBe(true);
    expect(holdsAnywhere({ id: 'u', username: 'u', displayName: 'U', roles: [{ role: 'estates' }] }, CAN_VIEW_RESTRICTIVE)).toBe(false);
    expect(holdsAnywhere(null, CAN_VIEW_RESTRICTIVE)).toBe(false);
  });
});

describe('countdowns', () => {
  const now = at('2026-01-12T10:09:00Z');
  it('counts down in whole minutes, rounding up', () => {
    expect(countdown('2026-01-12T10:15:00Z', now)).toEqual({ overdue: false, minutes: 6, text: 'due in 6 minutes' });
    expect(countdown('2026-01-12T10:15:00Z', now + 30_000).text).toBe('due in 6 minutes');
    expect(countdown('2026-01-12T12:15:00Z', now).text).toBe('due in 2 hours 6 minutes');
  });
  it('says "due now" within the minute, then how long overdue', () => {
    expect(countdown('2026-01-12T10:09:00Z', now).text).toBe('due now');
    expect(countdown('2026-01-12T10:06:00Z', now)).toEqual({ overdue: true, minutes: 3, text: 'overdue by 3 minutes' });
  });
});

describe('the observation prompt', () => {
  const now = at('2026-01-12T10:09:00Z');
  it('counts down to the next observation', () => {
    const p = observationPrompt(req({ state: 'due', nextDueAt: '2026-01-12T10:15:00Z' }), false, now);
    expect(p).toEqual({ state: 'due', text: 'Next observation due in 6 minutes', dueAt: '2026-01-12T10:15:00Z' });
  });
  it('says how long it is overdue, from when the engine says it was missed or once its time has passed', () => {
    expect(observationPrompt(req({ state: 'missed', overdueSince: '2026-01-12T10:06:00Z' }), false, now).text).toBe('Observation overdue by 3 minutes');
    const passed = observationPrompt(req({ state: 'due', nextDueAt: '2026-01-12T10:05:00Z' }), false, now);
    expect(passed.state).toBe('overdue');
    expect(passed.text).toBe('Observation overdue by 4 minutes');
  });
  it('says nothing once the episode has ended', () => {
    expect(observationPrompt(req({ state: 'due', nextDueAt: '2026-01-12T10:15:00Z' }), true, now).state).toBe('none');
    expect(observationPrompt(undefined, false, now).state).toBe('none');
  });
});

describe('requirements', () => {
  it('tags what is overdue red whatever its state, and each state with its word', () => {
    expect(requirementTag({ state: 'missed', overdueSince: '2026-01-12T10:00:00Z' })).toEqual({ label: 'Overdue', tag: 'nhsuk-tag--red' });
    expect(requirementTag({ state: 'missed', overdueSince: null })).toEqual({ label: 'Missed', tag: 'nhsuk-tag--red' });
    expect(requirementTag({ state: 'late', overdueSince: null }).label).toBe('Late');
    expect(requirementTag({ state: 'met', overdueSince: null }).tag).toBe('nhsuk-tag--green');
    expect(requirementTag({ state: 'not_yet_due', overdueSince: null }).label).toBe('Not yet due');
  });
  it('puts overdue first, then due soonest first, then the rest as they came', () => {
    const list: Requirement[] = [
      req({ ruleId: 'seclusion_nursing_review', state: 'met' }),
      req({ ruleId: 'seclusion_internal_mdt_review', state: 'due', nextDueAt: '2026-01-13T10:00:00Z' }),
      req({ ruleId: 'seclusion_observation', state: 'due', nextDueAt: '2026-01-12T10:15:00Z' }),
      req({ ruleId: 'seclusion_first_medical_review', state: 'missed', overdueSince: '2026-01-12T11:00:00Z' }),
      req({ ruleId: 'seclusion_independent_mdt_review', state: 'not_yet_due' }),
    ];
    expect(byUrgency(list).map((r) => r.ruleId)).toEqual([
      'seclusion_first_medical_review',
      'seclusion_observation',
      'seclusion_internal_mdt_review',
      'seclusion_nursing_review',
      'seclusion_independent_mdt_review',
    ]);
  });
});

describe('London times typed on the ward', () => {
  it('reads a winter time as UTC and a summer time an hour earlier', () => {
    expect(londonInputToInstant('2026-01-12T10:00')).toBe('2026-01-12T10:00:00Z');
    expect(londonInputToInstant('2026-07-01T10:00')).toBe('2026-07-01T09:00:00Z');
    expect(londonInputToInstant('not a time')).toBeNull();
    expect(londonInputToInstant('')).toBeNull();
  });
  it('handles the clock changes', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST; 25 October 2026: 02:00 BST becomes 01:00 GMT.
    expect(londonInputToInstant('2026-03-29T00:30')).toBe('2026-03-29T00:30:00Z');
    expect(londonInputToInstant('2026-03-29T02:30')).toBe('2026-03-29T01:30:00Z');
    expect(londonInputToInstant('2026-10-25T00:30')).toBe('2026-10-24T23:30:00Z');
    expect(londonInputToInstant('2026-10-25T02:30')).toBe('2026-10-25T02:30:00Z');
  });
  it('shows an instant as the London wall clock', () => {
    expect(londonInputValue('2026-07-01T09:00:00Z')).toBe('2026-07-01T10:00');
    expect(londonInputValue(at('2026-01-12T23:59:30Z'))).toBe('2026-01-12T23:59');
    expect(formatTime('2026-07-01T09:05:00Z')).toBe('10:05');
    for (const v of ['2026-01-12T10:00', '2026-07-01T10:00', '2026-03-29T00:30']) expect(londonInputValue(londonInputToInstant(v) ?? '')).toBe(v);
  });
});

describe('review rules as an administrator edits them', () => {
  it('shows intervals in the largest whole unit and reads them back', () => {
    expect(intervalParts({ minutes: 15 })).toEqual({ amount: '15', unit: 'minutes' });
    expect(intervalParts({ minutes: 120 })).toEqual({ amount: '2', unit: 'hours' });
    expect(intervalParts({ minutes: 10080 })).toEqual({ amount: '7', unit: 'days' });
    expect(intervalParts({ months: 3 })).toEqual({ amount: '3', unit: 'months' });
    expect(partsInterval('2', 'hours')).toEqual({ minutes: 120 });
    expect(partsInterval('3', 'months')).toEqual({ months: 3 });
    expect(partsInterval('', 'hours')).toBeNull();
    expect(partsInterval('1.5', 'hours')).toBe('invalid');
  });

  it('finds the row and field a backend error names', () => {
    expect(ruleFieldOf('rules[3].graceMinutes')).toEqual({ index: 3, field: 'graceMinutes' });
    expect(ruleFieldOf('rules.rules[1].firstDue')).toEqual({ index: 1, field: 'firstDue' });
    expect(ruleFieldOf('rules[2].roles[1]')).toEqual({ index: 2, field: 'roles' });
    expect(ruleFieldOf('rules[6].trigger.consecutiveMinutes')).toEqual({ index: 6, field: 'consecutiveMinutes' });
    expect(ruleFieldOf('rules.rules[6].trigger.windowMinutes')).toEqual({ index: 6, field: 'windowMinutes' });
    expect(ruleFieldOf('rules[6].trigger')).toBeNull();
    expect(ruleFieldOf('rules')).toBeNull();
    expect(ruleFieldOf(null)).toBeNull();
  });

  it('shows the independent review thresholds in hours and reads them back in whole minutes', () => {
    expect([480, 720, 2880, 510, 500].map(minutesAsHours)).toEqual(['8', '12', '48', '8.5', '8.33']);
    expect(['8', ' 12 ', '8.5', '.5', '8.33'].map(hoursAsMinutes)).toEqual([480, 720, 510, 30, 500]);
    expect(['', '0', '0.001', '-1', '8h', '1e3', '8,5'].map(hoursAsMinutes)).toEqual([null, null, null, null, null, null, null]);
    const r = rule({ id: 'seclusion_independent_mdt_review', trigger: { kind: 'seclusionLongerThan', consecutiveMinutes: 480, intermittentMinutes: 720, windowMinutes: 2880 }, firstDue: { minutes: 0 }, repeatEvery: null });
    const d = toDraft(r);
    expect(d.hours).toEqual({ consecutiveMinutes: '8', intermittentMinutes: '12', windowMinutes: '48' });
    expect(fromDraft(r, d)).toEqual({ rule: r });
    expect(fromDraft(r, { ...d, hours: { ...d.hours, consecutiveMinutes: '7.5' } })).toMatchObject({ rule: { trigger: { consecutiveMinutes: 450, intermittentMinutes: 720, windowMinutes: 2880 } } });
    expect(fromDraft(r, { ...d, hours: { ...d.hours, windowMinutes: '10' } })).toEqual({
      field: 'intermittentMinutes',
      message: 'Seclusion: independent MDT review: the hours in total cannot be more than the hours they are counted within',
    });
    expect(toDraft(rule()).hours).toEqual({ consecutiveMinutes: '', intermittentMinutes: '', windowMinutes: '' });
  });

  it('turns a draft back into the rule, and names a field that is not a whole number', () => {
    const r = rule({ id: 'seclusion_nursing_review', firstDue: { minutes: 120 }, repeatEvery: { minutes: 120 }, minStaff: 2 });
    const d = toDraft(r);
    expect(d).toMatchObject({ firstAmount: '2', firstUnit: 'hours', repeatAmount: '2', repeatUnit: 'hours', minStaff: '2', graceMinutes: '0' });
    expect(fromDraft(r, { ...d, graceMinutes: '5', repeatAmount: '90', repeatUnit: 'minutes' })).toEqual({
      rule: { ...r, graceMinutes: 5, repeatEvery: { minutes: 90 } },
    });
    expect(fromDraft(r, { ...d, graceMinutes: 'five' })).toEqual({ field: 'graceMinutes', message: 'Seclusion: nursing review: enter the grace in minutes as a whole number' });
    expect(fromDraft(r, { ...d, repeatAmount: '' })).toMatchObject({ rule: { repeatEvery: null } });
  });
});

describe('what a requirement row says', () => {
  const now = at('2026-01-12T11:05:00Z');
  const when = (s: string) => s.slice(11, 16);
  it('says how long overdue, what was missed and met', () => {
    const r = req({ ruleId: 'seclusion_first_medical_review', state: 'missed', overdueSince: '2026-01-12T11:00:00Z', missed: 1 });
    expect(requirementLines(r, now, when)).toEqual(['Overdue by 5 minutes (due 11:00)', 'Missed 1 time']);
  });
  it('counts down to the next, and says how late the late ones were', () => {
    const r = req({
      state: 'late',
      nextDueAt: '2026-01-12T11:15:00Z',
      late: 1,
      met: 2,
      occurrences: [{ state: 'late', dueAt: '2026-01-12T10:44:00Z', doneAt: '2026-01-12T10:46:00Z', lateByMinutes: 2, recordId: 'o3', byAuthorisation: false }],
    });
    expect(requirementLines(r, now, when)).toEqual(['Next by 11:15: due in 10 minutes', 'Late once, by 2 minutes', 'Met 2 times']);
  });
  it("names the doctor's examination, a review not yet owed and one no longer required", () => {
    const doc = req({ ruleId: 'seclusion_first_medical_review', state: 'met', met: 1, occurrences: [{ state: 'met', dueAt: '2026-01-12T11:00:00Z', doneAt: '2026-01-12T10:00:00Z', lateByMinutes: null, recordId: null, byAuthorisation: true }] });
    expect(requirementLines(doc, now, when)).toEqual(["Met by the authorising doctor's examination"]);
    const independent = req({ ruleId: 'seclusion_independent_mdt_review', state: 'not_yet_due', occurrences: [{ state: 'not_yet_due', dueAt: '2026-01-12T18:00:00Z', doneAt: null, lateByMinutes: null, recordId: null, byAuthorisation: false }] });
    expect(requirementLines(independent, now, when)).toEqual(['Falls due at 18:00 if it goes on']);
    expect(requirementLines(req({ state: 'not_required' }), now, when)).toEqual(['Not required: the episode ended before it fell due']);
  });
});

describe("an ended episode's record", () => {
  it('says what was missed or late, red when anything was missed', () => {
    expect(reviewRecord(0, 0)).toEqual({ text: 'All on time', tag: 'nhsuk-tag--green' });
    expect(reviewRecord(2, 1)).toEqual({ text: '2 missed, 1 late', tag: 'nhsuk-tag--red' });
    expect(reviewRecord(0, 3)).toEqual({ text: '3 late', tag: 'nhsuk-tag--orange' });
  });
});
