// Words for actions and estates remediation (DESIGN.md §2.3), and the few
// helpers the action screens share. The backend decides what may happen
// (`available`); these only name things.
import type { ActionStatus, ActionView, Choice, InterimControlKind, OwnerTeam, Trade, TransitionKind } from '../generated/bindings';

export const ACTION_STATUS_LABEL: Record<ActionStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  assigned: 'Assigned',
  in_progress: 'In progress',
  completed: 'Awaiting verification',
  verified: 'Verified',
  merged: 'Merged',
  dismissed: 'Dismissed',
};

export const ACTION_STATUS_TAG: Record<ActionStatus, string> = {
  draft: 'nhsuk-tag--grey',
  open: 'nhsuk-tag--blue',
  assigned: 'nhsuk-tag--purple',
  in_progress: 'nhsuk-tag--aqua-green',
  completed: 'nhsuk-tag--yellow',
  verified: 'nhsuk-tag--green',
  merged: 'nhsuk-tag--white',
  dismissed: 'nhsuk-tag--white',
};

/** Statuses the estates queue can filter by (its default is all four). */
export const QUEUE_STATUSES: readonly ActionStatus[] = ['open', 'assigned', 'in_progress', 'completed'];

export const OWNER_TEAM_LABEL: Record<OwnerTeam, string> = {
  estates: 'Estates',
  ward: 'Ward',
  facilities: 'Facilities',
};

export const TRADE_LABEL: Record<Trade, string> = {
  general: 'General',
  joinery: 'Joinery',
  plumbing: 'Plumbing',
  electrical: 'Electrical',
  glazing: 'Glazing',
  decorating: 'Decorating',
  flooring: 'Flooring',
  grounds: 'Grounds',
  locksmith: 'Locksmith',
  mechanical: 'Mechanical',
  fire_safety: 'Fire safety',
  furniture: 'Furniture',
};

export const INTERIM_KIND_LABEL: Record<InterimControlKind, string> = {
  room_closed: 'Room closed',
  one_to_one_observation: '1:1 observation',
  increased_observation: 'Increased observation',
  fitting_removed: 'Fitting removed',
  area_locked: 'Area locked',
  area_supervised: 'Area supervised',
  staff_vigilance: 'Staff vigilance',
  other: 'Other',
};

/** The button that takes a step. */
export const STEP_LABEL: Record<TransitionKind, string> = {
  confirm: 'Confirm',
  merge: 'Merge into another action',
  dismiss: 'Dismiss',
  assign: 'Assign',
  start: 'Start work',
  complete: 'Complete',
  verify: 'Verify',
  reject: 'Reject',
};

/** What a line of the timeline says happened. */
export const EVENT_LABEL: Record<string, string> = {
  raised: 'Raised',
  confirm: 'Confirmed',
  merge: 'Merged',
  merged_in: 'Another finding merged in',
  dismiss: 'Dismissed',
  assign: 'Assigned',
  start: 'Work started',
  complete: 'Completed',
  verify: 'Verified',
  reject: 'Rejected',
  edited: 'Edited',
  due_date: 'Due date changed',
  capital_ref: 'Capital-project reference set',
  interim_added: 'Interim control added',
  interim_ended: 'Interim control ended',
};

export function eventLabel(kind: string): string {
  return EVENT_LABEL[kind] ?? kind.replace(/_/g, ' ');
}

function choices<K extends string>(labels: Record<K, string>): Choice[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export const OWNER_TEAMS: readonly Choice[] = choices(OWNER_TEAM_LABEL);
export const TRADES: readonly Choice[] = choices(TRADE_LABEL);
export const INTERIM_KINDS: readonly Choice[] = choices(INTERIM_KIND_LABEL);

/** How an action is named in a list a person picks from: "High – Door top hinge (Bedroom 1)". */
export function actionChoiceLabel(a: ActionView): string {
  const band = a.band.charAt(0).toUpperCase() + a.band.slice(1);
  return `${band} – ${a.title}${a.areaName ? ` (${a.areaName})` : ''}${a.status === 'draft' ? ' – draft' : ''}`;
}

/** The actions a draft may be merged into: the ward's others still being worked on. */
export function mergeTargets(draft: ActionView, outstanding: readonly ActionView[]): ActionView[] {
  return outstanding.filter((a) => a.id !== draft.id && isOutstanding(a));
}

/** Still being worked on: its due date, what it says and its capital reference may change. */
export function isOutstanding(a: ActionView): boolean {
  return ['draft', 'open', 'assigned', 'in_progress'].includes(a.status);
}
