// The trust's review rules as an administrator edits them: intervals in the
// unit a person would use, each rule as the strings its inputs hold, and the
// backend's field paths (`rules[3].graceMinutes`) mapped back to an input.
import type { ClinicalRole, Interval, ReviewRule, RuleId } from '../generated/bindings';

export const RULE_LABEL: Record<RuleId, string> = {
  seclusion_observation: 'Seclusion: observation',
  seclusion_nursing_review: 'Seclusion: nursing review',
  seclusion_first_medical_review: 'Seclusion: first medical review',
  seclusion_medical_review_until_mdt: 'Seclusion: medical review until the first internal MDT review',
  seclusion_medical_review_after_mdt: 'Seclusion: medical review after the first internal MDT review',
  seclusion_internal_mdt_review: 'Seclusion: internal MDT review',
  seclusion_independent_mdt_review: 'Seclusion: independent MDT review',
  lts_approved_clinician_review: 'Long-term segregation: approved clinician review',
  lts_mdt_review: 'Long-term segregation: MDT review',
  lts_external_review: 'Long-term segregation: external hospital review',
  lts_advocate_informed: 'Long-term segregation: advocate (IMHA) informed',
  lts_commissioner_informed: 'Long-term segregation: commissioner informed',
  lts_care_plan: 'Long-term segregation: care plan to end it',
};

/** Rules that happen once (the backend refuses an interval for them). */
export const ONCE_ONLY: readonly RuleId[] = ['seclusion_first_medical_review', 'seclusion_independent_mdt_review'];

export type Unit = 'minutes' | 'hours' | 'days' | 'months';
export const UNITS: readonly { value: Unit; label: string }[] = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
  { value: 'months', label: 'months' },
];
const FACTOR: Record<Exclude<Unit, 'months'>, number> = { minutes: 1, hours: 60, days: 1440 };

/** An interval in the largest whole unit: 120 minutes → 2 hours, 10080 → 7 days. */
export function intervalParts(i: Interval | null | undefined): { amount: string; unit: Unit } {
  if (!i) return { amount: '', unit: 'hours' };
  if ('months' in i) return { amount: String(i.months), unit: 'months' };
  const m = i.minutes;
  if (m > 0 && m % 1440 === 0) return { amount: String(m / 1440), unit: 'days' };
  if (m > 0 && m % 60 === 0) return { amount: String(m / 60), unit: 'hours' };
  return { amount: String(m), unit: 'minutes' };
}

/** Back to the backend's interval; null when empty; 'invalid' when not a whole number. */
export function partsInterval(amount: string, unit: Unit): Interval | null | 'invalid' {
  const text = amount.trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return 'invalid';
  const n = Number(text);
  return unit === 'months' ? { months: n } : { minutes: n * FACTOR[unit] };
}

/** One rule as its inputs hold it. */
export interface RuleDraft {
  citation: string;
  firstAmount: string;
  firstUnit: Unit;
  repeatAmount: string;
  repeatUnit: Unit;
  times: string;
  roles: ClinicalRole[];
  minStaff: string;
  graceMinutes: string;
}

export function toDraft(rule: ReviewRule): RuleDraft {
  const first = intervalParts(rule.firstDue);
  const repeat = intervalParts(rule.repeatEvery ?? null);
  return {
    citation: rule.citation,
    firstAmount: first.amount,
    firstUnit: first.unit,
    repeatAmount: repeat.amount,
    repeatUnit: rule.repeatEvery ? repeat.unit : first.unit,
    times: String(rule.times),
    roles: [...rule.roles],
    minStaff: String(rule.minStaff),
    graceMinutes: String(rule.graceMinutes),
  };
}

/** The inputs of a rule row a field of the backend's path can name. */
export type RuleField = 'citation' | 'firstDue' | 'repeatEvery' | 'times' | 'roles' | 'minStaff' | 'graceMinutes';

/** The id of a rule row's input for a field. */
export function ruleInputId(index: number, field: RuleField): string {
  return `rule-${index}-${field}`;
}

/**
 * The rule row and field a backend path names: `rules[3].graceMinutes`,
 * `rules.rules[3].firstDue`, `rules[2].roles[1]`; null when it names no row
 * (e.g. `rules`, a rule missing).
 */
export function ruleFieldOf(path: string | null | undefined): { index: number; field: RuleField } | null {
  const m = /rules\[(\d+)\]\.([A-Za-z]+)/.exec(path ?? '');
  if (!m) return null;
  const known: RuleField[] = ['citation', 'firstDue', 'repeatEvery', 'times', 'roles', 'minStaff', 'graceMinutes'];
  const field = known.find((f) => f === m[2]) ?? null;
  return field ? { index: Number(m[1]), field } : null;
}

const WHOLE = /^\d+$/;

/** A draft back into a rule, or the first field a person must correct (checked here so nothing odd is sent). */
export function fromDraft(rule: ReviewRule, d: RuleDraft): { rule: ReviewRule } | { field: RuleField; message: string } {
  const name = RULE_LABEL[rule.id] ?? rule.id;
  const first = partsInterval(d.firstAmount, d.firstUnit);
  if (first === null || first === 'invalid') return { field: 'firstDue', message: `${name}: enter the first due time as a whole number` };
  const repeat = ONCE_ONLY.includes(rule.id) ? null : partsInterval(d.repeatAmount, d.repeatUnit);
  if (repeat === 'invalid') return { field: 'repeatEvery', message: `${name}: enter how often it repeats as a whole number, or leave it empty` };
  for (const [field, text, what] of [
    ['times', d.times, 'how many times in each interval'],
    ['minStaff', d.minStaff, 'the minimum staff'],
    ['graceMinutes', d.graceMinutes, 'the grace in minutes'],
  ] as const) {
    if (!WHOLE.test(text.trim())) return { field, message: `${name}: enter ${what} as a whole number` };
  }
  return {
    rule: {
      ...rule,
      citation: d.citation.trim(),
      firstDue: first,
      repeatEvery: repeat,
      times: Number(d.times.trim()),
      roles: [...d.roles],
      minStaff: Number(d.minStaff.trim()),
      graceMinutes: Number(d.graceMinutes.trim()),
    },
  };
}
