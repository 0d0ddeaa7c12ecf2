// Use of force records shaped like the backend's answers, for the tests.
import type { UseOfForce, UseOfForceView, WardOverview } from '../generated/bindings';

export const forceOverview: WardOverview = {
  ward: { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' },
  areas: [],
  openByBand: [],
  openByTier: [],
  audits: [],
};

/** A physical restraint on Cedar Ward, 4 May 2026 11:00–11:20 BST, prone 12 minutes. */
export function forceView(over: { record?: Partial<UseOfForce>; view?: Partial<UseOfForceView> } = {}): UseOfForceView {
  const record: UseOfForce = {
    id: 'f1',
    wardId: 'w1',
    episodeId: null,
    recordedAt: '2026-05-04T10:30:00Z',
    negligible: false,
    negligibleReason: null,
    reason: 'Assault on a member of staff',
    place: 'Lounge',
    startedAt: '2026-05-04T10:00:00Z',
    endedAt: '2026-05-04T10:20:00Z',
    forceTypes: ['physical', 'chemical'],
    inCarePlan: true,
    patientName: 'Alex Example',
    howUsed: 'Held on the floor by three staff',
    nhsNumber: '9434765919',
    staff: [
      { name: 'Nia Nurse', jobTitle: 'Staff nurse' },
      { name: 'Sam Support', jobTitle: 'Healthcare assistant' },
    ],
    nonStaffInvolved: false,
    nonStaffReason: null,
    mentalDisorder: { known: 'Paranoid schizophrenia' },
    protectedCharacteristics: { ageYears: 34, sex: 'Female', race: 'White: British', religionOrBelief: 'declined' },
    learningDisabilityOrAutism: 'neither',
    outcome: 'Calmed and returned to her room',
    diedOrSeriouslyInjured: false,
    effortsToAvoid: 'Talked down, offered oral medication',
    carePlanPeopleNotified: true,
    positions: [
      { code: '07', at: '2026-05-04T10:00:00Z' },
      { code: '01', at: '2026-05-04T10:05:00Z' },
      { code: '09', at: '2026-05-04T10:17:00Z' },
    ],
    chemical: [{ at: '2026-05-04T10:10:00Z', medication: 'Lorazepam 2 mg', route: 'intramuscular', rapidTranquillisation: true }],
    mechanical: [],
    injuries: null,
    debriefOffered: true,
    ...over.record,
  };
  return {
    record,
    wardName: 'Cedar Ward',
    recordedByName: 'Nia Nurse',
    durationMinutes: 20,
    proneMinutes: 12,
    proneFlagged: true,
    mhsdsCodes: ['01', '07', '09', '14'],
    purgeAllowedFrom: '2029-05-04T10:30:00Z',
    ...over.view,
  };
}
