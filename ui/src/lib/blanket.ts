// The blanket restrictions register (DESIGN.md §2.4; Code of Practice
// chapter 8): who may see and change it, the tag each restriction shows and
// the form's own checks of its dates. Pure: `today` is passed in.
import type { BlanketRestrictionView, Role } from '../generated/bindings';

/** Add, review and lift a ward's blanket restrictions. */
export const CAN_MANAGE_BLANKET: readonly Role[] = ['ward_manager', 'matron'];
/** Read the register. */
export const CAN_VIEW_BLANKET: readonly Role[] = ['ward_staff', 'ward_manager', 'matron', 'governance'];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a row's status says: review overdue in red (with how long), in place, or lifted. */
export function blanketStatus(v: Pick<BlanketRestrictionView, 'inPlace' | 'reviewOverdue' | 'daysOverdue'>): { label: string; tag: string } {
  if (!v.inPlace) return { label: 'Lifted', tag: 'nhsuk-tag--grey' };
  if (v.reviewOverdue) return { label: v.daysOverdue > 0 ? `Review overdue by ${plural(v.daysOverdue, 'day', 'days')}` : 'Review overdue', tag: 'nhsuk-tag--red' };
  return { label: 'In place', tag: 'nhsuk-tag--blue' };
}

/** In place first (as the backend sends them: most overdue first), then lifted. */
export function splitRegister<T extends Pick<BlanketRestrictionView, 'inPlace'>>(rows: readonly T[]): { inPlace: T[]; lifted: T[] } {
  return { inPlace: rows.filter((r) => r.inPlace), lifted: rows.filter((r) => !r.inPlace) };
}

export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export interface AddDraft {
  restriction: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
  reviewDate: string;
}

/** Field → message, in the order of the form. Dates are `YYYY-MM-DD` (London). */
export function addErrors(d: AddDraft, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.restriction.trim()) e.restriction = 'Describe the restriction';
  if (!d.reason.trim()) e.reason = 'Give the reason for the restriction';
  if (!d.approvedBy.trim()) e.approvedBy = 'Enter who approved it, with their role';
  if (!isDate(d.approvedOn)) e.approvedOn = 'Enter the date it was approved';
  else if (d.approvedOn > today) e.approvedOn = 'The approval date cannot be in the future';
  if (!isDate(d.reviewDate)) e.reviewDate = 'Enter the date of its next review';
  else if (isDate(d.approvedOn) && d.reviewDate < d.approvedOn) e.reviewDate = 'The review date cannot be before it was approved';
  return e;
}

export function reviewErrors(d: { nextReviewDate: string; note: string }, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isDate(d.nextReviewDate)) e.nextReviewDate = 'Enter the date of the next review';
  else if (d.nextReviewDate < today) e.nextReviewDate = 'The next review cannot be in the past';
  if (!d.note.trim()) e.note = 'Say what the review found and why the restriction stays';
  return e;
}

export function liftErrors(d: { liftedOn: string; reason: string }, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isDate(d.liftedOn)) e.liftedOn = 'Enter the date it was lifted';
  else if (d.liftedOn > today) e.liftedOn = 'The date it was lifted cannot be in the future';
  if (!d.reason.trim()) e.reason = 'Give the reason it was lifted';
  return e;
}
