// The trust's review rules as an administrator edits them: intervals in the
// unit a person would use, each rule as the strings its inputs hold, and the
// backend's field paths (`rules[3].graceMinutes`,
// `rules[6].trigger.consecutiveMinutes`) mapped back to an input.
import type { ClinicalRole, Interval, ReviewRule, RuleId, Trigger } from '../generated/bindings';

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

/** Minutes as hours for an input: 480 → "8", 510 → "8.5", 500 → "8.33" (which reads back as 500). */
export function minutesAsHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100);
}

/** Hours typed into an input as whole minutes; null when not a number of hours above 0. */
export function hoursAsMinutes(text: string): number | null {
  const t = text.trim();
  if (!/^\d*\.?\d+$/.test(t)) return null;
  const minutes = Math.round(Number(t) * 60);
  return minutes > 0 ? minutes : null;
}

/** The thresholds of the independent MDT review's trigger (Code of Practice 26.157), as the backend names them. */
export type ThresholdField = 'consecutiveMinutes' | 'intermittentMinutes' | 'windowMinutes';
export const THRESHOLD_FIELDS: readonly ThresholdField[] = ['consecutiveMinutes', 'intermittentMinutes', 'windowMinutes'];

/** The trigger's thresholds, when it has them ("seclusion longer than"). */
export function thresholdsOf(trigger: Trigger): Record<ThresholdField, number> | null {
  return trigger.kind === 'seclusionLongerThan'
    ? { consecutiveMinutes: trigger.consecutiveMinutes, intermittentMinutes: trigger.intermittentMinutes, windowMinutes: trigger.windowMinutes }
    : null;
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
  /** In hours, for a rule started by seclusion lasting longer than these ('' for any other). */
  hours: Record<ThresholdField, string>;
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
    hours: thresholdHours(rule.trigger),
  };
}

function thresholdHours(trigger: Trigger): Record<ThresholdField, string> {
  const t = thresholdsOf(trigger);
  return {
    consecutiveMinutes: t ? minutesAsHours(t.consecutiveMinutes) : '',
    intermittentMinutes: t ? minutesAsHours(t.intermittentMinutes) : '',
    windowMinutes: t ? minutesAsHours(t.windowMinutes) : '',
  };
}

/** The inputs of a rule row a field of the backend's path can name. */
export type RuleField = 'citation' | 'firstDue' | 'repeatEvery' | 'times' | 'roles' | 'minStaff' | 'graceMinutes' | ThresholdField;

/** The id of a rule row's input for a field. */
export function ruleInputId(index: number, field: RuleField): string {
  return `rule-${index}-${field}`;
}

/**
 * The rule row and field a backend path names: `rules[3].graceMinutes`,
 * `rules.rules[3].firstDue`, `rules[2].roles[1]`,
 * `rules[6].trigger.consecutiveMinutes`; null when it names no row or input
 * (e.g. `rules`, a rule missing, `rules[6].trigger` alone).
 */
export function ruleFieldOf(path: string | null | undefined): { index: number; field: RuleField } | null {
  const m = /rules\[(\d+)\]\.([A-Za-z]+)(?:\.([A-Za-z]+))?/.exec(path ?? '');
  if (!m) return null;
  const known: RuleField[] = ['citation', 'firstDue', 'repeatEvery', 'times', 'roles', 'minStaff', 'graceMinutes'];
  const field = m[2] === 'trigger' ? (THRESHOLD_FIELDS.find((f) => f === m[3]) ?? null) : (known.find((f) => f === m[2]) ?? null);
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
  let trigger = rule.trigger;
  if (trigger.kind === 'seclusionLongerThan') {
    const minutes = {} as Record<ThresholdField, number>;
    for (const [field, what] of [
      ['consecutiveMinutes', 'the hours in a row'],
      ['intermittentMinutes', 'the hours in total'],
      ['windowMinutes', 'the hours they are counted within'],
    ] as const) {
      const m = hoursAsMinutes(d.hours[field]);
      if (m === null) return { field, message: `${name}: enter ${what} as a number more than 0` };
      minutes[field] = m;
    }
    if (minutes.intermittentMinutes > minutes.windowMinutes) {
      return { field: 'intermittentMinutes', message: `${name}: the hours in total cannot be more than the hours they are counted within` };
    }
    trigger = { ...trigger, ...minutes };
  }
  return {
    rule: {
      ...rule,
      trigger,
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
