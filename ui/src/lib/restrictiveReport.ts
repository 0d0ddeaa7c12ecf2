// The restrictive practice report (DESIGN.md §2.5): the default period, the
// months and words it uses, the figures as table rows, and the charts with
// the sentences that describe them to someone who cannot see them. Pure.
import type { Measures, ReportRow, Role, RuleId } from '../generated/bindings';
import type { Json } from './backend/commands';
import type { ChartSpec } from './charts';
import { CHARACTERISTICS, codeLabel, FORCE_TYPE_LABEL, LD_AUTISM_LABEL, londonMonth, monthLabel, ROUTE_LABEL } from './force';
import { RULE_LABEL } from './restrictiveRules';

export type Row = Json<ReportRow>;
export type Figures = Json<Measures>;

/** Who may read the report: ward managers (their wards), matrons and governance. */
export const CAN_READ_REPORT: readonly Role[] = ['ward_manager', 'matron', 'governance'];

/** What the report covers: '' (every ward I may see), `site:<id>` or `ward:<id>`, and its months. */
export interface Period {
  scope: string;
  fromMonth: string;
  toMonth: string;
}

/** The command's input for a period. */
export function reportInput(p: Period): { siteId: string | null; wardId: string | null; fromMonth: string; toMonth: string } {
  const id = p.scope.slice(5) || null;
  return { siteId: p.scope.startsWith('site:') ? id : null, wardId: p.scope.startsWith('ward:') ? id : null, fromMonth: p.fromMonth, toMonth: p.toMonth };
}

/** `YYYY-MM` plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The last 12 London months, this one included. */
export function defaultPeriod(now: Date | number = Date.now()): { fromMonth: string; toMonth: string } {
  const toMonth = londonMonth(now);
  return { fromMonth: addMonths(toMonth, -11), toMonth };
}

/** Problems with a period, by field: months as `YYYY-MM`, from not after to, at most 24 months. */
export function periodErrors(fromMonth: string, toMonth: string): Record<string, string> {
  const e: Record<string, string> = {};
  const ok = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m);
  if (!ok(fromMonth)) e.fromMonth = 'Enter the first month, for example 2026-01';
  if (!ok(toMonth)) e.toMonth = 'Enter the last month, for example 2026-12';
  if (ok(fromMonth) && ok(toMonth)) {
    if (fromMonth > toMonth) e.toMonth = 'The last month cannot be before the first';
    else if (addMonths(fromMonth, 23) < toMonth) e.toMonth = 'A report covers at most 24 months';
  }
  return e;
}

/** "3 hours 20 minutes" style total of minutes, in hours when long: "12.5 hours". */
export function hoursText(minutes: number | null | undefined): string {
  if (minutes == null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  return `${(Math.round((minutes / 60) * 10) / 10).toLocaleString('en-GB')} h`;
}

/** "87%" or "—" when nothing fell due. */
export function rateText(rate: number | null | undefined): string {
  return rate == null ? '—' : `${Math.round(rate * 100)}%`;
}

/** A count map (`{ physical: 3 }`) as [label, count] pairs, largest first. */
export function counts(map: Partial<Record<string, number>>, label: (key: string) => string): [string, number][] {
  return Object.entries(map)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([k, n]): [string, number] => [label(k), n])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export const forceTypeLabel = (k: string) => FORCE_TYPE_LABEL[k as keyof typeof FORCE_TYPE_LABEL] ?? k;
export const routeLabel = (k: string) => ROUTE_LABEL[k as keyof typeof ROUTE_LABEL] ?? k;
export const ruleLabel = (k: string) => RULE_LABEL[k as RuleId] ?? k.replace(/_/g, ' ');

const CHARACTERISTIC_NAME: Record<string, string> = {
  ageBand: 'Age',
  learningDisabilityOrAutism: 'Learning disability or autism',
  ...Object.fromEntries(CHARACTERISTICS.map((c) => [c.key, c.label])),
};

export const characteristicName = (k: string) => CHARACTERISTIC_NAME[k] ?? k;

/** An equality value as counted by the backend (lower case) as people read it. */
export function equalityValue(characteristic: string, value: string): string {
  if (value === 'not_known') return 'Not known';
  if (value === 'declined') return 'Declined to say';
  if (characteristic === 'learningDisabilityOrAutism') return LD_AUTISM_LABEL[value as keyof typeof LD_AUTISM_LABEL] ?? value;
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The equality breakdown: each characteristic with its values, in the form's order. */
export function equality(m: Figures): { name: string; values: [string, number][] }[] {
  const order = ['ageBand', ...CHARACTERISTICS.map((c) => c.key), 'learningDisabilityOrAutism'];
  const keys = Object.keys(m.equality).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  return keys.map((k) => ({ name: characteristicName(k), values: counts(m.equality[k] ?? {}, (v) => equalityValue(k, v)) }));
}

/** Physical restraint positions by MHSDS code, in code order. */
export function positions(m: Figures): [string, number][] {
  return Object.entries(m.restraint.byPosition)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([code, n]) => [codeLabel(code), n]);
}

/** Each ward over the whole period: the sum of its months (medians cannot be summed, so none). */
export function wardTotals(rows: readonly Row[]): { wardName: string; seclusions: number; seclusionMinutes: number; segregations: number; usesOfForce: number; proneOver10: number }[] {
  const by = new Map<string, ReturnType<typeof wardTotals>[number]>();
  for (const r of rows) {
    const key = r.wardId ?? r.wardName;
    const t = by.get(key) ?? { wardName: r.wardName, seclusions: 0, seclusionMinutes: 0, segregations: 0, usesOfForce: 0, proneOver10: 0 };
    t.seclusions += r.measures.seclusion.count;
    t.seclusionMinutes += r.measures.seclusion.totalMinutes;
    t.segregations += r.measures.segregation.count;
    t.usesOfForce += r.measures.restraint.usesOfForce;
    t.proneOver10 += r.measures.restraint.proneOver10;
    by.set(key, t);
  }
  return [...by.values()];
}

const BLUE = '#005eb8';
const GREEN = '#007f3b';
const DARK_BLUE = '#003087';
const RED = '#d5281b';
const shortMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' });

function axis(months: readonly string[]): (string | string[])[] {
  return months.map((m, i) => {
    const [y, mo] = m.split('-').map(Number);
    const name = shortMonth.format(new Date(Date.UTC(y, mo - 1, 15)));
    return i === 0 || mo === 1 ? [name, String(y)] : name;
  });
}

const monthOf = (r: Row) => r.month ?? '';

/** Bars per month, one series per measure. */
function monthlyBars(totals: readonly Row[], series: { label: string; value: (r: Row) => number; colour: string }[]): ChartSpec {
  const months = totals.map(monthOf);
  return {
    kind: 'bar',
    labels: axis(months),
    titles: months.map(monthLabel),
    series: series.map((s) => ({ label: s.label, data: totals.map(s.value), colour: s.colour })),
  };
}

export function episodesChart(totals: readonly Row[]): ChartSpec {
  return monthlyBars(totals, [
    { label: 'Seclusions', value: (t) => t.measures.seclusion.count, colour: BLUE },
    { label: 'Long-term segregations', value: (t) => t.measures.segregation.count, colour: DARK_BLUE },
    { label: 'Uses of force', value: (t) => t.measures.restraint.usesOfForce, colour: GREEN },
  ]);
}

export function proneChart(totals: readonly Row[]): ChartSpec {
  return monthlyBars(totals, [
    { label: 'Prone 10 minutes or less', value: (t) => t.measures.restraint.prone10OrUnder, colour: BLUE },
    { label: 'Prone over 10 minutes', value: (t) => t.measures.restraint.proneOver10, colour: RED },
  ]);
}

const TABLE = 'The figures are in the table "Month by month" below.';

function busiest(totals: readonly Row[], n: (r: Row) => number): string {
  const top = totals.reduce<Row | null>((a, t) => (!a || n(t) > n(a) ? t : a), null);
  return top && n(top) > 0 ? ` The most in one month was ${n(top)}, in ${monthLabel(monthOf(top))}.` : '';
}

export function describeEpisodes(totals: readonly Row[]): string {
  if (totals.length === 0) return 'Bar chart of seclusions, long-term segregations and uses of force each month: no months to show.';
  const sum = (f: (r: Row) => number) => totals.reduce((s, t) => s + f(t), 0);
  const span = `${monthLabel(monthOf(totals[0]))} to ${monthLabel(monthOf(totals[totals.length - 1]))}`;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const all = `${n(sum((t) => t.measures.seclusion.count), 'seclusion', 'seclusions')}, ${n(sum((t) => t.measures.segregation.count), 'long-term segregation', 'long-term segregations')} and ${n(sum((t) => t.measures.restraint.usesOfForce), 'use of force', 'uses of force')}`;
  return `Bar chart of seclusions, long-term segregations and uses of force each month, ${span}: ${all} in all.${busiest(totals, (t) => t.measures.restraint.usesOfForce).replace('The most', 'The most uses of force')} ${TABLE}`;
}

export function describeProne(totals: readonly Row[]): string {
  if (totals.length === 0) return 'Bar chart of prone restraint each month: no months to show.';
  const under = totals.reduce((s, t) => s + t.measures.restraint.prone10OrUnder, 0);
  const over = totals.reduce((s, t) => s + t.measures.restraint.proneOver10, 0);
  return `Bar chart of uses of force with prone restraint each month, split at 10 minutes: ${under} of 10 minutes or less and ${over} over 10 minutes.${busiest(totals, (t) => t.measures.restraint.proneOver10).replace('The most', 'The most over 10 minutes')} ${TABLE}`;
}
