// Seclusion and long-term segregation (DESIGN.md §2.4): the words for the
// backend's codes, who may see and do what, and the countdowns and tags the
// screens show. Pure: no backend, no clock of its own (`now` is passed in).
import type {
  ClinicalRole,
  ComplianceState,
  EndedEpisode,
  EpisodeEnding,
  EpisodeKind,
  Requirement,
  ReviewKind,
  Role,
  UserInfo,
} from '../generated/bindings';

/** See episodes and the board (DESIGN.md; enforced by the backend anyway). */
export const CAN_VIEW_RESTRICTIVE: readonly Role[] = ['ward_staff', 'ward_manager', 'matron', 'governance'];
/** Start and end episodes, record observations and reviews. */
export const CAN_RECORD_RESTRICTIVE: readonly Role[] = ['ward_staff', 'ward_manager', 'matron'];
export const CAN_SIGN_OFF_EPISODE: readonly Role[] = ['matron'];
export const CAN_SET_REVIEW_RULES: readonly Role[] = ['administrator'];

/** Whether the user holds one of `roles` on any ward (for links that lead to every ward I cover). */
export function holdsAnywhere(user: UserInfo | null | undefined, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((g) => roles.includes(g.role));
}

export const KIND_LABEL: Record<EpisodeKind, string> = {
  seclusion: 'Seclusion',
  long_term_segregation: 'Long-term segregation',
};

export const CLINICAL_ROLES: readonly ClinicalRole[] = [
  'registered_nurse',
  'healthcare_assistant',
  'doctor',
  'approved_clinician',
  'other_professional',
  'independent_clinician',
];

export const CLINICAL_ROLE_LABEL: Record<ClinicalRole, string> = {
  registered_nurse: 'Registered nurse',
  healthcare_assistant: 'Healthcare assistant / support worker',
  doctor: 'Doctor',
  approved_clinician: 'Approved clinician (including the responsible clinician)',
  other_professional: 'Other professional (psychologist, occupational therapist, social worker, pharmacist)',
  independent_clinician: "Independent clinician (not involved in the patient's care)",
};

/** Short names, where many roles share a small space (the rules table). */
export const CLINICAL_ROLE_SHORT: Record<ClinicalRole, string> = {
  registered_nurse: 'Registered nurse',
  healthcare_assistant: 'Healthcare assistant',
  doctor: 'Doctor',
  approved_clinician: 'Approved clinician',
  other_professional: 'Other professional',
  independent_clinician: 'Independent clinician',
};

export const REVIEW_KIND_LABEL: Record<ReviewKind, string> = {
  nursing: 'Nursing review',
  medical: 'Medical review',
  internal_mdt: 'Internal MDT review',
  independent_mdt: 'Independent MDT review',
  approved_clinician: 'Approved clinician review',
  external_review: 'External (independent hospital) review',
  advocate_informed: 'Advocate (IMHA) informed',
  commissioner_informed: 'Commissioner informed',
  care_plan: 'Care plan to end segregation',
};

/** The reviews an episode of this kind records (the backend's `ReviewKind::applies_to`). */
export function reviewKinds(kind: EpisodeKind): ReviewKind[] {
  return kind === 'seclusion'
    ? ['nursing', 'medical', 'internal_mdt', 'independent_mdt']
    : ['approved_clinician', 'internal_mdt', 'external_review', 'advocate_informed', 'commissioner_informed', 'care_plan'];
}

/** Who may authorise it: seclusion a doctor, an approved clinician or the nurse in charge; segregation an MDT led by a doctor or approved clinician. */
export function authoriserRoles(kind: EpisodeKind): ClinicalRole[] {
  return kind === 'seclusion' ? ['doctor', 'approved_clinician', 'registered_nurse'] : ['doctor', 'approved_clinician'];
}

export const ENDING_LABEL: Record<EpisodeEnding, string> = {
  ended_at_review: 'Ended at a review: no longer needed',
  moved_to_long_term_segregation: 'Moved to long-term segregation',
  moved_to_seclusion: 'Moved to seclusion',
  transferred: 'Transferred to another ward or hospital',
  medical_emergency: 'Ended for physical health care',
  other: 'Other',
};

/** How an episode of this kind can end (a seclusion does not move to seclusion). */
export function endings(kind: EpisodeKind): EpisodeEnding[] {
  const all = Object.keys(ENDING_LABEL) as EpisodeEnding[];
  return all.filter((e) => (kind === 'seclusion' ? e !== 'moved_to_seclusion' : e !== 'moved_to_long_term_segregation'));
}

export const STATE_LABEL: Record<ComplianceState, string> = {
  met: 'Met',
  late: 'Late',
  missed: 'Missed',
  due: 'Due',
  not_yet_due: 'Not yet due',
  not_required: 'Not required',
};

/** NHS tag colours, always with the word: missed red, late orange, due blue, met green. */
export const STATE_TAG: Record<ComplianceState, string> = {
  met: 'nhsuk-tag--green',
  late: 'nhsuk-tag--orange',
  missed: 'nhsuk-tag--red',
  due: 'nhsuk-tag--blue',
  not_yet_due: 'nhsuk-tag--grey',
  not_required: 'nhsuk-tag--grey',
};

/** The tag a requirement shows: "Overdue" (red) while something is owed past its time, else its state. */
export function requirementTag(req: Pick<Requirement, 'state' | 'overdueSince'>): { label: string; tag: string } {
  if (req.overdueSince) return { label: 'Overdue', tag: 'nhsuk-tag--red' };
  return { label: STATE_LABEL[req.state], tag: STATE_TAG[req.state] };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A span in words: "1 minute", "45 minutes", "2 hours 5 minutes", "3 days 4 hours". */
export function minutesText(total: number): string {
  const n = Math.max(0, Math.round(total));
  if (n < 60) return plural(n, 'minute', 'minutes');
  const days = Math.floor(n / 1440);
  const hours = Math.floor((n % 1440) / 60);
  const minutes = n % 60;
  if (days > 0) return hours > 0 ? `${plural(days, 'day', 'days')} ${plural(hours, 'hour', 'hours')}` : plural(days, 'day', 'days');
  return minutes > 0 ? `${plural(hours, 'hour', 'hours')} ${plural(minutes, 'minute', 'minutes')}` : plural(hours, 'hour', 'hours');
}

export interface Countdown {
  overdue: boolean;
  /** Whole minutes to go (rounded up) or overdue (at least 1). */
  minutes: number;
  /** "due in 6 minutes", "due now", "overdue by 3 minutes". */
  text: string;
}

/** How long until `dueAt`, or how long past it, at `now`. */
export function countdown(dueAt: string, now: number): Countdown {
  const diff = Date.parse(dueAt) - now;
  if (diff > 0) {
    const minutes = Math.ceil(diff / 60_000);
    return { overdue: false, minutes, text: `due in ${minutesText(minutes)}` };
  }
  if (diff > -60_000) return { overdue: false, minutes: 0, text: 'due now' };
  const minutes = Math.floor(-diff / 60_000);
  return { overdue: true, minutes, text: `overdue by ${minutesText(minutes)}` };
}

/** How long something has gone on: minutes from `since` to `now`, never below 0. */
export function minutesSince(since: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

export type PromptState = 'none' | 'due' | 'overdue';

export interface ObservationPrompt {
  state: PromptState;
  /** What the page shows, updated as time passes. */
  text: string;
  /** When the next is (or was) due: the live region says it only when this or `state` changes. */
  dueAt: string | null;
}

/** The 15-minute observation prompt of a seclusion, from its observation requirement. */
export function observationPrompt(req: Requirement | undefined, ended: boolean, now: number): ObservationPrompt {
  if (!req || ended) return { state: 'none', text: '', dueAt: null };
  if (req.overdueSince) {
    const c = countdown(req.overdueSince, now);
    return { state: 'overdue', text: `Observation overdue by ${minutesText(Math.max(1, c.minutes))}`, dueAt: req.overdueSince };
  }
  if (req.nextDueAt) {
    const c = countdown(req.nextDueAt, now);
    if (c.overdue) return { state: 'overdue', text: `Observation overdue by ${minutesText(c.minutes)}`, dueAt: req.nextDueAt };
    return { state: 'due', text: c.minutes === 0 ? 'Next observation due now' : `Next observation ${c.text}`, dueAt: req.nextDueAt };
  }
  return { state: 'none', text: '', dueAt: null };
}

/** The NHS number as people write it: "943 476 5919". */
export function spacedNhsNumber(n: string): string {
  const d = n.replace(/\s/g, '');
  return /^\d{10}$/.test(d) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : n;
}

/** The requirement of an episode with this rule, if any. */
export function requirement(reqs: readonly Requirement[], ruleId: Requirement['ruleId']): Requirement | undefined {
  return reqs.find((r) => r.ruleId === ruleId);
}

/** Requirements overdue first, then due (soonest first), then the rest in the engine's order. */
export function byUrgency(reqs: readonly Requirement[]): Requirement[] {
  const rank = (r: Requirement) => (r.overdueSince ? 0 : r.state === 'due' ? 1 : 2);
  const due = (r: Requirement) => (r.nextDueAt ? Date.parse(r.nextDueAt) : Infinity);
  return reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || (rank(a.r) === 1 ? due(a.r) - due(b.r) : 0) || a.i - b.i)
    .map((x) => x.r);
}

/**
 * What a requirement's row says beside its tag, as lines: what is overdue and
 * by how long, when the next is due and how long to go, what was missed, late
 * (and by how much) and met. `when` formats an instant (London time).
 */
export function requirementLines(req: Requirement, now: number, when: (instant: string) => string): string[] {
  const lines: string[] = [];
  if (req.overdueSince) lines.push(`Overdue by ${minutesText(Math.max(1, countdown(req.overdueSince, now).minutes))} (due ${when(req.overdueSince)})`);
  if (req.nextDueAt && !req.overdueSince) lines.push(`Next by ${when(req.nextDueAt)}: ${countdown(req.nextDueAt, now).text}`);
  if (req.state === 'not_yet_due') {
    const at = req.occurrences.find((o) => o.dueAt)?.dueAt;
    lines.push(at ? `Falls due at ${when(at)} if it goes on` : 'Not yet due');
  }
  if (req.state === 'not_required') lines.push('Not required: the episode ended before it fell due');
  if (req.missed > 0) lines.push(`Missed ${plural(req.missed, 'time', 'times')}`);
  if (req.late > 0) {
    const late = req.occurrences.filter((o) => o.state === 'late' && o.lateByMinutes != null);
    const last = late[late.length - 1];
    const by = last?.lateByMinutes != null ? `, the latest by ${minutesText(last.lateByMinutes)}` : '';
    lines.push(req.late === 1 && last ? `Late once, by ${minutesText(last.lateByMinutes ?? 0)}` : `Late ${plural(req.late, 'time', 'times')}${by}`);
  }
  if (req.met > 0) {
    const byAuthorisation = req.occurrences.some((o) => o.state === 'met' && o.byAuthorisation);
    lines.push(byAuthorisation && req.met === 1 ? "Met by the authorising doctor's examination" : `Met ${plural(req.met, 'time', 'times')}`);
  }
  return lines;
}

/** "Missed 2, late 1", or "All on time": an ended episode's record in a few words. */
export function reviewRecord(missed: number, late: number): { text: string; tag: string } {
  if (missed === 0 && late === 0) return { text: 'All on time', tag: 'nhsuk-tag--green' };
  const parts = [missed > 0 ? `${missed} missed` : '', late > 0 ? `${late} late` : ''].filter(Boolean);
  return { text: parts.join(', '), tag: missed > 0 ? 'nhsuk-tag--red' : 'nhsuk-tag--orange' };
}

/** An ended episode as the lists show it. */
export type EndedRow = EndedEpisode;
