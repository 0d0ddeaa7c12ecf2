// Words for the backend's codes. Controlled lists (fixture types, controls,
// area types, …) come from `reference_data`; these are the few fixed words.
import type { AuditStatus, Band, Change, Choice, PointStatus, QuestionKind, Tier } from '../generated/bindings';

export const BAND_LABEL: Record<Band, string> = {
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
  extreme: 'Extreme',
};

/** NHS tag colours: low green, moderate yellow, high orange, extreme red (always with the word). */
export const BAND_TAG: Record<Band, string> = {
  low: 'nhsuk-tag--green',
  moderate: 'nhsuk-tag--yellow',
  high: 'nhsuk-tag--orange',
  extreme: 'nhsuk-tag--red',
};

export const BANDS: readonly Band[] = ['extreme', 'high', 'moderate', 'low'];

export const AUDIT_STATUS_LABEL: Record<AuditStatus, string> = {
  in_progress: 'In progress',
  completed: 'Completed',
  signed_off: 'Signed off',
};

export const AUDIT_STATUS_TAG: Record<AuditStatus, string> = {
  in_progress: 'nhsuk-tag--blue',
  completed: 'nhsuk-tag--aqua-green',
  signed_off: 'nhsuk-tag--grey',
};

export const POINT_STATUS_TAG: Record<PointStatus, string> = {
  open: 'nhsuk-tag--red',
  mitigated: 'nhsuk-tag--yellow',
  removed: 'nhsuk-tag--green',
  accepted: 'nhsuk-tag--purple',
};

export const CHANGE_LABEL: Record<Change, string> = {
  new: 'New',
  unchanged: 'Unchanged',
  worse: 'Worse',
  better: 'Better',
  resolved: 'Resolved',
  not_reassessed: 'Not re-assessed',
};

export const CHANGES: readonly Change[] = ['new', 'worse', 'unchanged', 'better', 'resolved', 'not_reassessed'];

export const TIERS: readonly Tier[] = ['1', '2', '3'];

export const YES_NO_NA: readonly { value: string; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'na', label: 'N/A' },
];

/** How an answer value reads to a person. */
export function answerLabel(kind: QuestionKind, value: string, unit?: string | null): string {
  if (kind === 'yes_no_na') return YES_NO_NA.find((o) => o.value === value)?.label ?? value;
  if (kind === 'number' && unit) return `${value} ${unit}`;
  return value;
}

/** The label of a value in a reference-data list, or the value itself. */
export function choiceLabel(choices: readonly Choice[] | undefined, value: string | null | undefined): string {
  if (!value) return '';
  return choices?.find((c) => c.value === value)?.label ?? value.replace(/_/g, ' ');
}

export function tierLabel(tier: Tier): string {
  return `Tier ${tier}`;
}
