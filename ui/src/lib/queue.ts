// The estates queue's filters as a person sets them, and the `estates_queue`
// input they make. Empty strings mean "any".
import type { ActionStatus, QueueInput, Trade, WardSummary } from '../generated/bindings';

export const QUEUE_PAGE_SIZE = 50;

export interface QueueFilters {
  siteId: string;
  wardId: string;
  trade: string;
  /** One status, or '' for everything not yet verified. */
  status: string;
  overdueOnly: boolean;
  mine: boolean;
}

export function noFilters(): QueueFilters {
  return { siteId: '', wardId: '', trade: '', status: '', overdueOnly: false, mine: false };
}

export function queueInput(f: QueueFilters, offset: number): QueueInput {
  return {
    siteId: f.siteId || null,
    wardId: f.wardId || null,
    trade: (f.trade || null) as Trade | null,
    statuses: f.status ? [f.status as ActionStatus] : [],
    overdueOnly: f.overdueOnly,
    mine: f.mine,
    offset,
    limit: QUEUE_PAGE_SIZE,
  };
}

/** The sites of the wards a person covers, by name. */
export function sitesOf(wards: readonly WardSummary[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const w of wards) seen.set(w.ward.siteId, w.ward.siteName);
  return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}

/** The wards to offer, within the chosen site if any. */
export function wardsOf(wards: readonly WardSummary[], siteId: string): { value: string; label: string }[] {
  return wards
    .filter((w) => !siteId || w.ward.siteId === siteId)
    .map((w) => ({ value: w.ward.id, label: siteId ? w.ward.name : `${w.ward.name} (${w.ward.siteName})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** "Showing 51 to 100 of 230 actions". */
export function pageText(offset: number, shown: number, total: number): string {
  if (total === 0) return 'No action matches these filters.';
  const noun = total === 1 ? 'action' : 'actions';
  return `Showing ${offset + 1} to ${offset + shown} of ${total} ${noun}`;
}
