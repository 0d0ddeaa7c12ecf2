// The use of force form: what it holds while typed (London wall-clock times,
// yes/no as 'yes'/'no'/''), the command input it becomes, the form's own
// checks of s6 (a)–(p) in order, and where each field the backend names
// (`positions[1].at`, `staff[0].jobTitle`) is on the page.
import type { EpisodeView, ForceType, LdAutism, ProtectedCharacteristics, RecordUseOfForceInput, Route } from '../generated/bindings';
import { asAppError } from './backend/errors';
import type { Json } from './backend/commands';
import { CHARACTERISTICS, NOT_KNOWN, PRONE, proneMinutes, type CharacteristicKey, type TimedPosition } from './force';
import { sentence } from './restrictiveForms';
import { londonInputToInstant } from './restrictiveTime';
import type { ErrorItem } from './types';

export type YesNo = 'yes' | 'no' | '';

export interface ForceDraft {
  negligible: boolean;
  negligibleReason: string;
  reason: string;
  place: string;
  startedAt: string;
  endedAt: string;
  forceTypes: ForceType[];
  inCarePlan: YesNo;
  patientName: string;
  howUsed: string;
  nhsNumber: string;
  staff: { name: string; jobTitle: string }[];
  nonStaffInvolved: YesNo;
  nonStaffReason: string;
  mentalDisorderKnown: 'known' | 'not_known' | '';
  mentalDisorder: string;
  /** Age in years; blank when not known. */
  ageYears: string;
  /** Each characteristic: '' not answered, NOT_KNOWN, or the answer. */
  characteristics: Record<CharacteristicKey, string>;
  ldAutism: LdAutism | '';
  outcome: string;
  diedOrSeriouslyInjured: YesNo;
  effortsToAvoid: string;
  carePlanPeopleNotified: YesNo;
  positions: { code: string; at: string }[];
  chemical: { at: string; medication: string; route: Route | ''; rapidTranquillisation: boolean }[];
  mechanical: { device: string; startedAt: string; endedAt: string }[];
  injuries: string;
  debriefOffered: YesNo;
}

export function emptyDraft(): ForceDraft {
  const characteristics = Object.fromEntries(CHARACTERISTICS.map((c) => [c.key, ''])) as Record<CharacteristicKey, string>;
  return {
    negligible: false,
    negligibleReason: '',
    reason: '',
    place: '',
    startedAt: '',
    endedAt: '',
    forceTypes: [],
    inCarePlan: '',
    patientName: '',
    howUsed: '',
    nhsNumber: '',
    staff: [{ name: '', jobTitle: '' }],
    nonStaffInvolved: '',
    nonStaffReason: '',
    mentalDisorderKnown: '',
    mentalDisorder: '',
    ageYears: '',
    characteristics,
    ldAutism: '',
    outcome: '',
    diedOrSeriouslyInjured: '',
    effortsToAvoid: '',
    carePlanPeopleNotified: '',
    positions: [],
    chemical: [],
    mechanical: [],
    injuries: '',
    debriefOffered: '',
  };
}

/** The id of the input for a field the backend names: `positions[1].at` → `force-positions-1-at`. */
/** A new record for a use of force during `episode`: the patient's name and NHS number come from it (s6 (e), (g)). */
export function draftFor(episode: EpisodeView | null): ForceDraft {
  const draft = emptyDraft();
  return episode ? { ...draft, patientName: episode.patientName, nhsNumber: episode.nhsNumber } : draft;
}

export function fieldId(field: string): string {
  return `force-${field.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
}

const text = (s: string) => s.trim() || null;
const yesNo = (v: YesNo) => (v === 'yes' ? true : v === 'no' ? false : null);
const instant = (s: string) => (s.trim() ? londonInputToInstant(s) : null);

/** The positions typed so far with a position and a time, as instants. */
export function timedPositions(draft: Pick<ForceDraft, 'positions'>): TimedPosition[] {
  return draft.positions.flatMap((p) => {
    const at = instant(p.at);
    return p.code && at ? [{ code: p.code, at }] : [];
  });
}

/** The live prone time: null until a prone position and the end are entered. */
export function liveProne(draft: Pick<ForceDraft, 'positions' | 'endedAt' | 'forceTypes'>): number | null | 'no_end' {
  if (!draft.forceTypes.includes('physical')) return null;
  const positions = timedPositions(draft);
  if (!positions.some((p) => p.code === PRONE)) return null;
  const end = instant(draft.endedAt);
  return end ? proneMinutes(positions, end) : 'no_end';
}

function characteristics(draft: ForceDraft): ProtectedCharacteristics {
  const out: ProtectedCharacteristics = {};
  const age = Number.parseInt(draft.ageYears.trim(), 10);
  out.ageYears = Number.isFinite(age) ? age : null;
  for (const c of CHARACTERISTICS) {
    const v = draft.characteristics[c.key];
    out[c.key] = v && v !== NOT_KNOWN ? v : null;
  }
  return out;
}

/**
 * What `record_use_of_force` is sent. Restraint detail goes only with its type of force;
 * `episodeId` only when it is recorded as part of a seclusion or segregation.
 */
export function buildInput(wardId: string, draft: ForceDraft, episodeId: string | null = null): Json<RecordUseOfForceInput> {
  const episode = episodeId ? { episodeId } : {};
  if (draft.negligible) {
    return { wardId, ...episode, negligible: true, negligibleReason: text(draft.negligibleReason), forceTypes: [], staff: [], positions: [], chemical: [], mechanical: [] };
  }
  const has = (t: ForceType) => draft.forceTypes.includes(t);
  return {
    wardId,
    ...episode,
    negligible: false,
    reason: text(draft.reason),
    place: text(draft.place),
    startedAt: instant(draft.startedAt),
    endedAt: instant(draft.endedAt),
    forceTypes: [...draft.forceTypes],
    inCarePlan: yesNo(draft.inCarePlan),
    patientName: text(draft.patientName),
    howUsed: text(draft.howUsed),
    nhsNumber: text(draft.nhsNumber),
    staff: draft.staff.map((s) => ({ name: s.name.trim(), jobTitle: s.jobTitle.trim() })),
    nonStaffInvolved: yesNo(draft.nonStaffInvolved),
    nonStaffReason: draft.nonStaffInvolved === 'yes' ? text(draft.nonStaffReason) : null,
    mentalDisorder: draft.mentalDisorderKnown === 'not_known' ? 'notKnown' : draft.mentalDisorderKnown === 'known' ? { known: draft.mentalDisorder.trim() } : null,
    protectedCharacteristics: characteristics(draft),
    learningDisabilityOrAutism: draft.ldAutism || null,
    outcome: text(draft.outcome),
    diedOrSeriouslyInjured: yesNo(draft.diedOrSeriouslyInjured),
    effortsToAvoid: text(draft.effortsToAvoid),
    carePlanPeopleNotified: yesNo(draft.carePlanPeopleNotified),
    positions: has('physical') ? draft.positions.map((p) => ({ code: p.code, at: instant(p.at) ?? '' })) : [],
    chemical: has('chemical') ? draft.chemical.map((c) => ({ at: instant(c.at) ?? '', medication: c.medication.trim(), route: c.route || 'other', rapidTranquillisation: c.rapidTranquillisation })) : [],
    mechanical: has('mechanical') ? draft.mechanical.map((m) => ({ device: m.device.trim(), startedAt: instant(m.startedAt) ?? '', endedAt: instant(m.endedAt) })) : [],
    injuries: text(draft.injuries),
    debriefOffered: yesNo(draft.debriefOffered),
  };
}

export interface ForceErrors {
  /** Field (as the backend names it) → message. */
  fieldErrors: Record<string, string>;
  errors: ErrorItem[];
}

function collect(list: [string, string][]): ForceErrors {
  return { fieldErrors: Object.fromEntries(list), errors: list.map(([f, message]) => ({ message, target: fieldId(f) })) };
}

/** The form's own checks, in the order of the page (what happened, restraint, patient, staff, outcome). */
export function draftErrors(d: ForceDraft): ForceErrors {
  const out: [string, string][] = [];
  const need = (missing: boolean, field: string, message: string) => missing && out.push([field, message]);
  const time = (v: string, field: string, what: string) => {
    if (!v.trim()) out.push([field, `Enter ${what}`]);
    else if (!londonInputToInstant(v)) out.push([field, `Enter ${what} as a date and time`]);
  };
  if (d.negligible) {
    need(!d.negligibleReason.trim(), 'negligibleReason', 'Say why the force was negligible');
    return collect(out);
  }
  need(!d.reason.trim(), 'reason', 'Enter the reason force was used');
  need(!d.place.trim(), 'place', 'Enter the place force was used');
  time(d.startedAt, 'startedAt', 'when the use of force started');
  time(d.endedAt, 'endedAt', 'when the use of force ended');
  need(d.forceTypes.length === 0, 'forceTypes', 'Choose the type or types of force used');
  need(!d.inCarePlan, 'inCarePlan', "Say whether the type of force was part of the patient's care plan");
  need(!d.howUsed.trim(), 'howUsed', 'Describe how force was used');
  need(!d.effortsToAvoid.trim(), 'effortsToAvoid', 'Describe the efforts made to avoid force');
  if (d.forceTypes.includes('physical')) {
    need(d.positions.length === 0, 'positions', 'Add each restraint position and the time it started');
    d.positions.forEach((p, i) => {
      need(!p.code, `positions[${i}].code`, `Choose position ${i + 1}`);
      time(p.at, `positions[${i}].at`, `the time of position ${i + 1}`);
    });
  }
  if (d.forceTypes.includes('chemical')) {
    need(d.chemical.length === 0, 'chemical', 'Add the chemical restraint given');
    d.chemical.forEach((c, i) => {
      need(!c.medication.trim(), `chemical[${i}].medication`, `Enter the medication of chemical restraint ${i + 1}`);
      need(!c.route, `chemical[${i}].route`, `Choose the route of chemical restraint ${i + 1}`);
      time(c.at, `chemical[${i}].at`, `when chemical restraint ${i + 1} was given`);
    });
  }
  if (d.forceTypes.includes('mechanical')) {
    need(d.mechanical.length === 0, 'mechanical', 'Add the mechanical restraint used');
    d.mechanical.forEach((m, i) => {
      need(!m.device.trim(), `mechanical[${i}].device`, `Enter the device of mechanical restraint ${i + 1}`);
      time(m.startedAt, `mechanical[${i}].startedAt`, `when mechanical restraint ${i + 1} started`);
      if (m.endedAt.trim() && !londonInputToInstant(m.endedAt)) out.push([`mechanical[${i}].endedAt`, `Enter when mechanical restraint ${i + 1} ended as a date and time`]);
    });
  }
  need(!d.patientName.trim(), 'patientName', "Enter the patient's name");
  need(!d.nhsNumber.trim(), 'nhsNumber', "Enter the patient's NHS number");
  need(!d.mentalDisorderKnown, 'mentalDisorder', "Say whether the patient's mental disorder is known");
  need(d.mentalDisorderKnown === 'known' && !d.mentalDisorder.trim(), 'mentalDisorder.known', "Enter the patient's mental disorder");
  need(!!d.ageYears.trim() && !/^\d{1,3}$/.test(d.ageYears.trim()), 'protectedCharacteristics.ageYears', 'Enter the age in whole years, or leave it blank if not known');
  for (const c of CHARACTERISTICS) need(!d.characteristics[c.key], `protectedCharacteristics.${c.key}`, `Choose the patient's ${c.label.toLowerCase()}, or "Not known"`);
  need(!d.ldAutism, 'learningDisabilityOrAutism', 'Say whether the patient has a learning disability or autism');
  need(d.staff.length === 0, 'staff', 'Add each member of staff who used force');
  d.staff.forEach((s, i) => {
    need(!s.name.trim(), `staff[${i}].name`, `Enter the name of member of staff ${i + 1}`);
    need(!s.jobTitle.trim(), `staff[${i}].jobTitle`, `Enter the job title of member of staff ${i + 1}`);
  });
  need(!d.nonStaffInvolved, 'nonStaffInvolved', 'Say whether anyone who is not staff was involved');
  need(d.nonStaffInvolved === 'yes' && !d.nonStaffReason.trim(), 'nonStaffReason', 'Say why people who are not staff were involved');
  need(!d.outcome.trim(), 'outcome', 'Describe the outcome of the use of force');
  need(!d.diedOrSeriouslyInjured, 'diedOrSeriouslyInjured', 'Say whether the patient died or was seriously injured');
  need(!d.carePlanPeopleNotified, 'carePlanPeopleNotified', "Say whether the people in the patient's care plan were notified");
  return collect(out);
}

/** A refusal from the backend, next to the field it names (index and all) and in the summary. */
export function backendForceErrors(e: unknown): ForceErrors {
  const err = asAppError(e);
  const message = sentence(err.message);
  if (!err.field) return { fieldErrors: {}, errors: [{ message, target: null }] };
  return { fieldErrors: { [err.field]: message }, errors: [{ message, target: fieldId(err.field) }] };
}
