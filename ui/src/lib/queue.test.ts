import { describe, expect, it } from 'vitest';
import type { WardSummary } from '../generated/bindings';
import { noFilters, pageText, queueInput, sitesOf, wardsOf } from './queue';

const ward = (id: string, name: string, siteId: string, siteName: string): WardSummary => ({
  ward: { id, name, siteId, siteName, specialty: 'acute' },
  areaCount: 0,
  openPoints: 0,
  openByBand: [],
  inProgress: [],
});
const wards = [ward('w1', 'Cedar Ward', 's2', 'Riverside'), ward('w2', 'Oak Ward', 's1', 'Hillview'), ward('w3', 'Ash Ward', 's2', 'Riverside')];

describe('estates queue filters', () => {
  it('makes the backend input: any is null or empty, one page of 50', () => {
    expect(queueInput(noFilters(), 0)).toEqual({ siteId: null, wardId: null, trade: null, statuses: [], overdueOnly: false, mine: false, offset: 0, limit: 50 });
    expect(queueInput({ siteId: 's1', wardId: 'w2', trade: 'plumbing', status: 'assigned', overdueOnly: true, mine: true }, 100)).toEqual({
      siteId: 's1',
      wardId: 'w2',
      trade: 'plumbing',
      statuses: ['assigned'],
      overdueOnly: true,
      mine: true,
      offset: 100,
      limit: 50,
    });
  });

  it('offers the sites of the wards covered, and the wards of the chosen site', () => {
    expect(sitesOf(wards)).toEqual([
      { value: 's1', label: 'Hillview' },
      { value: 's2', label: 'Riverside' },
    ]);
    expect(wardsOf(wards, 's2').map((w) => w.label)).toEqual(['Ash Ward', 'Cedar Ward']);
    expect(wardsOf(wards, '').map((w) => w.label)).toEqual(['Ash Ward (Riverside)', 'Cedar Ward (Riverside)', 'Oak Ward (Hillview)']);
  });

  it('says which page is shown', () => {
    expect(pageText(0, 0, 0)).toBe('No action matches these filters.');
    expect(pageText(0, 1, 1)).toBe('Showing 1 to 1 of 1 action');
    expect(pageText(50, 50, 230)).toBe('Showing 51 to 100 of 230 actions');
  });
});
