// A restrictive practice report shaped like the backend's answer, for the tests.
import type { Json } from '../lib/backend/commands';
import type { Measures, RestrictiveReport } from '../generated/bindings';

export function measures(over: Partial<Json<Measures>> = {}): Json<Measures> {
  return {
    seclusion: { count: 0, ongoing: 0, totalMinutes: 0, medianMinutes: null, longestMinutes: null },
    segregation: { count: 0, ongoing: 0, totalMinutes: 0, medianMinutes: null, longestMinutes: null },
    restraint: { usesOfForce: 0, negligible: 0, byForceType: {}, byPosition: {}, chemicalByRoute: {}, chemicalByCode: {}, mechanical: 0, prone10OrUnder: 0, proneOver10: 0 },
    compliance: {},
    equality: {},
    ...over,
  };
}

const busy = measures({
  seclusion: { count: 3, ongoing: 1, totalMinutes: 750, medianMinutes: 240, longestMinutes: 300 },
  segregation: { count: 1, ongoing: 1, totalMinutes: 20160, medianMinutes: 20160, longestMinutes: 20160 },
  restraint: { usesOfForce: 4, negligible: 1, byForceType: { physical: 3, chemical: 1 }, byPosition: { '09': 2, '01': 2 }, chemicalByRoute: { intramuscular: 1 }, chemicalByCode: { '14': 1 }, mechanical: 0, prone10OrUnder: 1, proneOver10: 1 },
  compliance: {
    seclusion_observation: { met: 40, late: 2, missed: 1, due: 43, rate: 40 / 43 },
    seclusion_first_medical_review: { met: 2, late: 1, missed: 0, due: 3, rate: 2 / 3 },
  },
  equality: { sex: { female: 2, not_known: 1 }, ageBand: { '25-34': 3 }, race: { declined: 3 } },
});

/** Cedar and Willow wards, February and March 2026. */
export function report(): Json<RestrictiveReport> {
  const row = (month: string, wardId: string | null, wardName: string, m: Json<Measures>) => ({ month, wardId, wardName, measures: m });
  return {
    scope: 'The whole trust',
    fromMonth: '2026-02',
    toMonth: '2026-03',
    producedAt: '2026-03-20T12:00:00Z',
    rows: [
      row('2026-02', 'w1', 'Cedar Ward', measures()),
      row('2026-02', 'w2', 'Willow Ward', measures()),
      row('2026-03', 'w1', 'Cedar Ward', busy),
      row('2026-03', 'w2', 'Willow Ward', measures()),
    ],
    totals: [row('2026-02', null, 'All wards', measures()), row('2026-03', null, 'All wards', busy)],
    overall: { month: null, wardId: null, wardName: 'All wards', measures: busy },
  };
}
