import { describe, expect, it } from 'vitest';
import { episodeDetail } from '../test/restrictive';
import { CHARACTERISTICS, DECLINED, NOT_KNOWN } from './force';
import { backendForceErrors, buildInput, draftErrors, draftFor, emptyDraft, fieldId, liveProne, type ForceDraft } from './forceForm';

/** A complete physical restraint, typed in London summer time. */
function fullDraft(): ForceDraft {
  const d = emptyDraft();
  Object.assign(d, {
    reason: 'Assault on a member of staff',
    place: 'Lounge',
    startedAt: '2026-05-04T11:00',
    endedAt: '2026-05-04T11:20',
    forceTypes: ['physical'],
    inCarePlan: 'yes',
    patientName: 'Alex Example',
    howUsed: 'Held on the floor',
    nhsNumber: '943 476 5919',
    staff: [{ name: 'Nia Nurse', jobTitle: 'Staff nurse' }],
    nonStaffInvolved: 'no',
    mentalDisorderKnown: 'not_known',
    ldAutism: 'neither',
    outcome: 'Calmed',
    diedOrSeriouslyInjured: 'no',
    effortsToAvoid: 'Talked down',
    carePlanPeopleNotified: 'yes',
    positions: [
      { code: '07', at: '2026-05-04T11:00' },
      { code: '01', at: '2026-05-04T11:05' },
      { code: '09', at: '2026-05-04T11:17' },
    ],
  });
  for (const c of CHARACTERISTICS) d.characteristics[c.key] = NOT_KNOWN;
  d.characteristics.sex = 'Female';
  d.characteristics.religionOrBelief = DECLINED;
  return d;
}

describe('the use of force form', () => {
  it('takes the patient from the episode it is recorded in, and nothing else', () => {
    const draft = draftFor(episodeDetail().episode);
    expect([draft.patientName, draft.nhsNumber]).toEqual(['Alex Example', '9434765919']);
    expect({ ...draft, patientName: '', nhsNumber: '' }).toEqual(emptyDraft());
    expect(draftFor(null)).toEqual(emptyDraft());
  });

  it('maps the backend field names to input ids', () => {
    expect(fieldId('positions[1].at')).toBe('force-positions-1-at');
    expect(fieldId('staff[0].jobTitle')).toBe('force-staff-0-jobTitle');
    expect(fieldId('reason')).toBe('force-reason');
  });

  it('sends London times as UTC, not known as nothing, declined as said', () => {
    const input = buildInput('w1', fullDraft());
    expect(input).toMatchObject({
      wardId: 'w1',
      negligible: false,
      startedAt: '2026-05-04T10:00:00Z',
      endedAt: '2026-05-04T10:20:00Z',
      inCarePlan: true,
      nonStaffInvolved: false,
      nonStaffReason: null,
      mentalDisorder: 'notKnown',
      learningDisabilityOrAutism: 'neither',
      chemical: [],
      mechanical: [],
    });
    expect(input.protectedCharacteristics).toMatchObject({ ageYears: null, sex: 'Female', religionOrBelief: DECLINED, race: null });
    expect(input.positions).toEqual([
      { code: '07', at: '2026-05-04T10:00:00Z' },
      { code: '01', at: '2026-05-04T10:05:00Z' },
      { code: '09', at: '2026-05-04T10:17:00Z' },
    ]);
    expect(draftErrors(fullDraft()).errors).toEqual([]);
  });

  it('leaves out restraint detail of a type of force not chosen', () => {
    const d = fullDraft();
    d.chemical = [{ at: '2026-05-04T11:10', medication: 'Lorazepam', route: 'intramuscular', rapidTranquillisation: true }];
    expect(buildInput('w1', d).chemical).toEqual([]);
    d.forceTypes = ['physical', 'chemical'];
    expect(buildInput('w1', d).chemical).toEqual([{ at: '2026-05-04T10:10:00Z', medication: 'Lorazepam', route: 'intramuscular', rapidTranquillisation: true }]);
  });

  it('sends only the reason when the force was negligible', () => {
    const d = fullDraft();
    d.negligible = true;
    expect(draftErrors(d).errors).toEqual([{ message: 'Say why the force was negligible', target: 'force-negligibleReason' }]);
    d.negligibleReason = 'A guiding hand';
    expect(buildInput('w1', d)).toEqual({ wardId: 'w1', negligible: true, negligibleReason: 'A guiding hand', forceTypes: [], staff: [], positions: [], chemical: [], mechanical: [] });
  });

  it('sends the episode only when it is recorded as part of one, negligible or not', () => {
    const d = fullDraft();
    expect(buildInput('w1', d)).not.toHaveProperty('episodeId');
    expect(buildInput('w1', d, 'ep1')).toMatchObject({ wardId: 'w1', episodeId: 'ep1', negligible: false, forceTypes: ['physical'] });
    d.negligible = true;
    d.negligibleReason = 'A guiding hand';
    expect(buildInput('w1', d, 'ep1')).toEqual({ wardId: 'w1', episodeId: 'ep1', negligible: true, negligibleReason: 'A guiding hand', forceTypes: [], staff: [], positions: [], chemical: [], mechanical: [] });
  });

  it('names every missing item in the order of the page', () => {
    const { errors } = draftErrors(emptyDraft());
    expect(errors[0]).toEqual({ message: 'Enter the reason force was used', target: 'force-reason' });
    expect(errors.map((e) => e.target)).toContain('force-staff-0-jobTitle');
    expect(errors.map((e) => e.target)).toContain('force-protectedCharacteristics-sex');
    expect(errors[errors.length - 1].target).toBe('force-carePlanPeopleNotified');
  });

  it("names a position's missing time by its row", () => {
    const d = fullDraft();
    d.positions[1].at = '';
    expect(draftErrors(d).errors).toEqual([{ message: 'Enter the time of position 2', target: 'force-positions-1-at' }]);
  });

  it('works out the prone time once the end is known', () => {
    const d = fullDraft();
    expect(liveProne(d)).toBe(12);
    d.endedAt = '';
    expect(liveProne(d)).toBe('no_end');
    d.forceTypes = ['chemical'];
    expect(liveProne(d)).toBeNull();
  });

  it("puts the backend's refusal on the row it names", () => {
    const e = backendForceErrors({ code: 'validation', message: 'the job title is required', field: 'staff[0].jobTitle' });
    expect(e.fieldErrors).toEqual({ 'staff[0].jobTitle': 'The job title is required' });
    expect(e.errors).toEqual([{ message: 'The job title is required', target: 'force-staff-0-jobTitle' }]);
  });
});
