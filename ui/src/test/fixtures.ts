// Test data shaped like the backend's answers.
import type { Band, ReferenceData, RiskCell } from '../generated/bindings';

/** The NPSA 5×5 matrix as the backend's `reference_data` returns it (rows = likelihood). */
export function npsaMatrix(): RiskCell[] {
  const bands: Band[][] = [
    ['low', 'low', 'low', 'moderate', 'moderate'],
    ['low', 'moderate', 'moderate', 'high', 'high'],
    ['low', 'moderate', 'high', 'high', 'extreme'],
    ['moderate', 'high', 'high', 'extreme', 'extreme'],
    ['moderate', 'high', 'extreme', 'extreme', 'extreme'],
  ];
  const cells: RiskCell[] = [];
  for (let l = 1; l <= 5; l++) {
    for (let c = 1; c <= 5; c++) cells.push({ likelihood: l, consequence: c, score: l * c, band: bands[l - 1][c - 1] });
  }
  return cells;
}

const choice = (value: string, label: string) => ({ value, label });

export function referenceData(matrix: RiskCell[] = npsaMatrix()): ReferenceData {
  return {
    riskMatrix: matrix,
    fixtureTypes: [choice('door', 'Door'), choice('door_handle', 'Door handle'), choice('curtain_rail', 'Curtain or blind rail')],
    heightBands: [choice('floor_to_1m', 'Floor to 1 m'), choice('1m_to_2m', '1 m to 2 m'), choice('above_2m', 'Above 2 m')],
    pointStatuses: [choice('open', 'Open'), choice('mitigated', 'Mitigated'), choice('removed', 'Removed'), choice('accepted', 'Accepted')],
    controls: [choice('staff_vigilance', 'Staff vigilance'), choice('observation', 'Observation level'), choice('anti_ligature_product', 'Anti-ligature product fitted')],
    areaTypes: [choice('bedroom', 'Bedroom'), choice('lounge', 'Lounge')],
    specialties: [choice('acute', 'Acute')],
    tiers: [choice('1', 'Tier 1'), choice('2', 'Tier 2'), choice('3', 'Tier 3')],
    roles: [choice('ward_manager', 'Ward manager')],
  };
}
