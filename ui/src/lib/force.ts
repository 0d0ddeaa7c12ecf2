// Use of force records (Mental Health Units (Use of Force) Act 2018 s6;
// DESIGN.md §2.4): the statutory labels, the words for the backend's codes,
// who may see and do what, the prone time worked out as positions are typed
// (the backend's figure is the one stored), and London months for the lists.
// Pure: no backend, no clock.
import type { ForceType, LdAutism, ProtectedCharacteristics, Role, Route } from '../generated/bindings';
import { minutesText } from './restrictive';
import { londonToday } from './format';

/** Record a use of force (ward staff, managers and matrons of the ward). */
export const CAN_RECORD_FORCE: readonly Role[] = ['ward_staff', 'ward_manager', 'matron'];
/** See a ward's records: those who record, and governance. Never estates or the administrator. */
export const CAN_VIEW_FORCE: readonly Role[] = ['ward_staff', 'ward_manager', 'matron', 'governance'];
/** Purge a record kept its 3 years (the backend refuses before). */
export const CAN_PURGE_FORCE: readonly Role[] = ['administrator'];

/** Section 6(2) of the Act, item by item, as the form and the record show it. */
export const S6 = {
  a: 'The reason force was used',
  b: 'The place, date and duration',
  c: 'The type or types of force used',
  d: "Whether the type of force was part of the patient's care plan",
  e: "The patient's name",
  f: 'How force was used',
  g: "The patient's NHS number",
  h: 'The name and job title of each member of staff who used force',
  i: 'Why anyone who is not staff of the unit was involved',
  j: "The patient's mental disorder, if known",
  k: "The patient's protected characteristics, if known",
  l: 'Whether the patient has a learning disability or autism',
  m: 'The outcome of the use of force',
  n: 'Whether the patient died or was seriously injured as a result',
  o: 'Efforts made to avoid the use of force',
  p: "Whether the people to be notified under the patient's care plan were notified",
} as const;

export type S6Item = keyof typeof S6;

/** "(a) The reason force was used". */
export function s6Label(item: S6Item): string {
  return `(${item}) ${S6[item]}`;
}

export const FORCE_TYPES: readonly ForceType[] = ['physical', 'mechanical', 'chemical', 'seclusion', 'segregation'];

export const FORCE_TYPE_LABEL: Record<ForceType, string> = {
  physical: 'Physical restraint',
  mechanical: 'Mechanical restraint',
  chemical: 'Chemical restraint',
  seclusion: 'Seclusion',
  segregation: 'Segregation',
};

/** The Mental Health Services Data Set codes DESIGN.md lists. */
export const MHSDS_LABEL: Record<string, string> = {
  '01': 'Prone',
  '07': 'Standing',
  '08': 'Restrictive escort',
  '09': 'Supine',
  '10': 'Side',
  '11': 'Seated',
  '12': 'Kneeling',
  '13': 'Other physical restraint',
  '14': 'Injection (rapid tranquillisation)',
  '15': 'Injection (not rapid tranquillisation)',
};

/** Physical restraint positions (codes 01 and 07–13). */
export const POSITION_CODES: readonly string[] = ['01', '07', '08', '09', '10', '11', '12', '13'];
export const PRONE = '01';

/** "Prone (01)". */
export function codeLabel(code: string): string {
  return MHSDS_LABEL[code] ? `${MHSDS_LABEL[code]} (${code})` : code;
}

export const ROUTE_LABEL: Record<Route, string> = {
  intramuscular: 'Intramuscular injection',
  intravenous: 'Intravenous injection',
  oral: 'Oral',
  other: 'Other',
};

export const LD_AUTISM_LABEL: Record<LdAutism, string> = {
  learning_disability: 'Learning disability',
  autism: 'Autism',
  both: 'Learning disability and autism',
  neither: 'Neither',
  not_known: 'Not known',
};

export interface TimedPosition {
  code: string;
  /** RFC 3339. */
  at: string;
}

/**
 * Minutes prone (to the second): each position lasts until the next change
 * (in time order), the last until `endedAt`. As the backend works it out.
 */
export function proneMinutes(positions: readonly TimedPosition[], endedAt: string): number {
  const end = Date.parse(endedAt);
  const sorted = positions.map((p) => ({ code: p.code, at: Date.parse(p.at) })).filter((p) => !Number.isNaN(p.at)).sort((a, b) => a.at - b.at);
  let ms = 0;
  sorted.forEach((p, i) => {
    const until = i + 1 < sorted.length ? sorted[i + 1].at : end;
    if (p.code === PRONE && until > p.at) ms += until - p.at;
  });
  return Math.floor(ms / 1000) / 60;
}

/** Over 10 minutes prone (exactly 10 is not over). */
export function proneOverLimit(minutes: number): boolean {
  return minutes > 10;
}

/** "12 minutes 30 seconds", "45 seconds", "2 hours 5 minutes" (seconds only under an hour). */
export function durationText(minutes: number): string {
  const seconds = Math.round(Math.max(0, minutes) * 60);
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const whole = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (whole >= 60 || rest === 0) return minutesText(whole);
  return `${minutesText(whole)} ${rest === 1 ? '1 second' : `${rest} seconds`}`;
}

/** "Prone time: 12 minutes — over 10 minutes", or "Prone time: 8 minutes". */
export function proneText(minutes: number): string {
  return `Prone time: ${durationText(minutes)}${proneOverLimit(minutes) ? ' — over 10 minutes' : ''}`;
}

/** The London calendar month of an instant, `YYYY-MM`. */
export function londonMonth(instant: string | number | Date): string {
  return londonToday(new Date(instant)).slice(0, 7);
}

const monthName = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** "2026-03" → "March 2026". */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? monthName.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15))) : month;
}

/** Items grouped by London month of `when(item)`, newest month first; each group keeps the given order. */
export function byMonth<T>(items: readonly T[], when: (item: T) => string): { month: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const m = londonMonth(when(item));
    groups.set(m, [...(groups.get(m) ?? []), item]);
  }
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([month, items]) => ({ month, items }));
}

/** When a record happened: its start, or when it was recorded (a negligible use of force may have no start). */
export function forceWhen(r: { startedAt: string | null; recordedAt: string }): string {
  return r.startedAt ?? r.recordedAt;
}

/** 10 digits (spaces allowed) whose modulus 11 check digit is right. The backend checks it anyway. */
export function nhsNumberValid(value: string): boolean {
  const d = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(d)) return false;
  const sum = [...d.slice(0, 9)].reduce((s, c, i) => s + Number(c) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const digit = check === 11 ? 0 : check;
  return digit !== 10 && digit === Number(d[9]);
}

/** A protected characteristic chosen as not known: sent as nothing (the backend's "None when not known"). */
export const NOT_KNOWN = 'not_known';
/** The patient would not say: counted as "declined" in the equality statistics. */
export const DECLINED = 'declined';

/** How a characteristic's answer reads. */
export function characteristicLabel(value: string | null | undefined): string {
  if (!value) return 'Not known';
  return value === DECLINED ? 'Declined to say' : value;
}

export type CharacteristicKey = Exclude<keyof ProtectedCharacteristics, 'ageYears'>;

/** s6 (k): each characteristic of the Equality Act 2010 with the answers offered (and "Not known"). */
export const CHARACTERISTICS: readonly { key: CharacteristicKey; label: string; options: readonly string[] }[] = [
  { key: 'sex', label: 'Sex', options: ['Female', 'Male', 'Non-binary', 'Other', DECLINED] },
  { key: 'genderReassignment', label: 'Gender reassignment', options: ['Yes', 'No', DECLINED] },
  { key: 'race', label: 'Ethnic group (race)', options: ['White: British', 'White: Irish', 'White: any other White background', 'Mixed: White and Black Caribbean', 'Mixed: White and Black African', 'Mixed: White and Asian', 'Mixed: any other mixed background', 'Asian or Asian British: Indian', 'Asian or Asian British: Pakistani', 'Asian or Asian British: Bangladeshi', 'Asian or Asian British: any other Asian background', 'Black or Black British: Caribbean', 'Black or Black British: African', 'Black or Black British: any other Black background', 'Chinese', 'Any other ethnic group', DECLINED] },
  { key: 'religionOrBelief', label: 'Religion or belief', options: ['No religion', 'Buddhist', 'Christian', 'Hindu', 'Jewish', 'Muslim', 'Sikh', 'Other religion or belief', DECLINED] },
  { key: 'sexualOrientation', label: 'Sexual orientation', options: ['Heterosexual or straight', 'Gay or lesbian', 'Bisexual', 'Other sexual orientation', DECLINED] },
  { key: 'disability', label: 'Disability', options: ['Yes', 'No', DECLINED] },
  { key: 'marriageOrCivilPartnership', label: 'Marriage or civil partnership', options: ['Single', 'Married', 'In a civil partnership', 'Separated', 'Divorced or dissolved civil partnership', 'Widowed or surviving civil partner', DECLINED] },
  { key: 'pregnancyOrMaternity', label: 'Pregnancy or maternity', options: ['Pregnant', 'Given birth in the last 26 weeks', 'Neither', DECLINED] },
];
