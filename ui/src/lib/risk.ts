// Scores and bands are looked up in the matrix the backend returns
// (`reference_data.riskMatrix`), never computed from boundaries here.
import type { RiskCell } from '../generated/bindings';

export function lookupCell(matrix: readonly RiskCell[], likelihood: number | null, consequence: number | null): RiskCell | null {
  if (likelihood === null || consequence === null) return null;
  return matrix.find((c) => c.likelihood === likelihood && c.consequence === consequence) ?? null;
}

export interface Descriptor {
  value: number;
  name: string;
  hint: string;
}

/** NPSA, "A risk matrix for risk managers" (2008): likelihood descriptors. */
export const LIKELIHOOD: readonly Descriptor[] = [
  { value: 1, name: 'Rare', hint: 'This will probably never happen or recur' },
  { value: 2, name: 'Unlikely', hint: 'Not expected to happen or recur, but it is possible' },
  { value: 3, name: 'Possible', hint: 'Might happen or recur occasionally' },
  { value: 4, name: 'Likely', hint: 'Will probably happen or recur, but it is not a persisting issue' },
  { value: 5, name: 'Almost certain', hint: 'Will undoubtedly happen or recur, possibly frequently' },
];

/** NPSA 2008: consequence descriptors (impact on the safety of patients). */
export const CONSEQUENCE: readonly Descriptor[] = [
  { value: 1, name: 'Negligible', hint: 'Minimal injury needing no or minimal intervention or treatment' },
  { value: 2, name: 'Minor', hint: 'Minor injury or illness needing minor intervention' },
  { value: 3, name: 'Moderate', hint: 'Moderate injury needing professional intervention' },
  { value: 4, name: 'Major', hint: 'Major injury leading to long-term incapacity or disability' },
  { value: 5, name: 'Catastrophic', hint: 'Incident leading to death' },
];
