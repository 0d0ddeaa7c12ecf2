// The risk dashboard's words and shapes: its scope as a route and as a choice
// in a list, months as people read them, and the trend as charts and as the
// sentences that describe those charts to someone who cannot see them.
import type { Choice, MonthTrend, UserInfo, WardSummary } from '../generated/bindings';
import type { ChartSpec } from './charts';
import type { Route } from './routes';

/** Which wards a dashboard covers, as its route says. */
export interface Scope {
  siteId?: string | null;
  wardId?: string | null;
}

/** The scope as one value of a select: '' (every ward I may see), `site:<id>` or `ward:<id>`. */
export function scopeValue(scope: Scope): string {
  if (scope.wardId) return `ward:${scope.wardId}`;
  if (scope.siteId) return `site:${scope.siteId}`;
  return '';
}

export function scopeRoute(value: string): Route {
  const [kind, id] = [value.slice(0, 5), value.slice(5)];
  if (kind === 'ward:' && id) return { name: 'dashboard', wardId: id };
  if (kind === 'site:' && id) return { name: 'dashboard', siteId: id };
  return { name: 'dashboard' };
}

/** What the widest scope is called for this person: the backend's own words. */
export function widestScope(user: UserInfo): string {
  return user.roles.some((g) => !g.wardId) ? 'The whole trust' : 'All my wards';
}

export interface SiteWards {
  siteId: string;
  siteName: string;
  wards: WardSummary[];
}

/** Wards grouped by their site, sites and wards in the order given. */
export function bySite(wards: readonly WardSummary[]): SiteWards[] {
  const groups: SiteWards[] = [];
  for (const w of wards) {
    let g = groups.find((s) => s.siteId === w.ward.siteId);
    if (!g) {
      g = { siteId: w.ward.siteId, siteName: w.ward.siteName, wards: [] };
      groups.push(g);
    }
    g.wards.push(w);
  }
  return groups;
}

/** The choices of the scope picker: the widest first, then each site, then each site's wards. */
export function scopeChoices(user: UserInfo, wards: readonly WardSummary[]): { options: Choice[]; groups: { label: string; options: Choice[] }[] } {
  const sites = bySite(wards);
  return {
    options: [{ value: '', label: widestScope(user) }],
    groups: [
      { label: 'Sites', options: sites.map((s) => ({ value: `site:${s.siteId}`, label: s.siteName })) },
      ...sites.map((s) => ({ label: `Wards at ${s.siteName}`, options: s.wards.map((w) => ({ value: `ward:${w.ward.id}`, label: w.ward.name })) })),
    ],
  };
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const longMonthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

function monthDate(month: string): Date | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : null;
}

/** `2025-04` → "Apr 2025". */
export function monthLabel(month: string): string {
  const d = monthDate(month);
  return d ? monthFormat.format(d) : month;
}

/** `2025-04` → "April 2025". */
export function longMonthLabel(month: string): string {
  const d = monthDate(month);
  return d ? longMonthFormat.format(d) : month;
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Whole days from one instant to another (0 for the same day or a later start). */
export function daysBetween(from: string, to: string): number {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.floor(ms / 86_400_000));
}

// NHS colours; the lines also differ by dash and point shape, never by colour alone.
const BLUE = '#005eb8';
const GREEN = '#007f3b';
const DARK_BLUE = '#003087';
const RED = '#d5281b';

const shortMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' });

/** Axis labels: the month, with the year under the first month and each January. */
export function axisLabels(trend: readonly MonthTrend[]): (string | string[])[] {
  return trend.map((t, i) => {
    const d = monthDate(t.month);
    if (!d) return t.month;
    const month = shortMonth.format(d);
    return i === 0 || d.getUTCMonth() === 0 ? [month, String(d.getUTCFullYear())] : month;
  });
}

export function raisedClosedChart(trend: readonly MonthTrend[]): ChartSpec {
  return {
    kind: 'bar',
    labels: axisLabels(trend),
    titles: trend.map((t) => longMonthLabel(t.month)),
    series: [
      { label: 'Raised', data: trend.map((t) => t.raised), colour: BLUE },
      { label: 'Closed', data: trend.map((t) => t.closed), colour: GREEN },
    ],
  };
}

export function openOverdueChart(trend: readonly MonthTrend[]): ChartSpec {
  return {
    kind: 'line',
    labels: axisLabels(trend),
    titles: trend.map((t) => longMonthLabel(t.month)),
    series: [
      { label: 'Open at month end', data: trend.map((t) => t.openAtEnd), colour: DARK_BLUE },
      { label: 'Overdue at month end', data: trend.map((t) => t.overdueAtEnd), colour: RED, dashed: true },
    ],
  };
}

function span(trend: readonly MonthTrend[]): string {
  return `${longMonthLabel(trend[0].month)} to ${longMonthLabel(trend[trend.length - 1].month)}`;
}

const TABLE = 'Every month’s figures are in the table below the charts.';

/** What the raised-and-closed chart shows, in words. */
export function describeRaisedClosed(trend: readonly MonthTrend[]): string {
  if (trend.length === 0) return `Bar chart of actions raised and closed each month: no months to show.`;
  const raised = trend.reduce((n, t) => n + t.raised, 0);
  const closed = trend.reduce((n, t) => n + t.closed, 0);
  const busiest = trend.reduce((a, t) => (t.raised > a.raised ? t : a), trend[0]);
  const most = busiest.raised > 0 ? ` The most raised in one month was ${busiest.raised}, in ${longMonthLabel(busiest.month)}.` : '';
  return `Bar chart of actions raised and closed each month, ${span(trend)}: ${raised} raised and ${closed} closed in all.${most} ${TABLE}`;
}

/** What the open-and-overdue chart shows, in words. */
export function describeOpenOverdue(trend: readonly MonthTrend[]): string {
  if (trend.length === 0) return `Line chart of actions open and overdue at each month's end: no months to show.`;
  const first = trend[0];
  const last = trend[trend.length - 1];
  return (
    `Line chart of actions open and overdue at the end of each month, ${span(trend)}: ` +
    `${first.openAtEnd} open and ${first.overdueAtEnd} overdue at the end of ${longMonthLabel(first.month)}; ` +
    `${last.openAtEnd} open and ${last.overdueAtEnd} overdue now. ${TABLE}`
  );
}

/** "for more than 7 days", or the policy's words when its days are not known. */
export function vigilanceLimit(days: number | null | undefined): string {
  return days ? `for more than ${plural(days, 'day', 'days')}` : "for longer than the trust's policy allows";
}
