// Risk dashboards and ward summaries shaped like the backend's answers, for the dashboard's tests.
import type { MonthTrend, RemediationPolicy, RiskDashboard, WardRiskRow, WardSummary } from '../generated/bindings';

/** Twelve months ending July 2025, quiet unless told otherwise. */
export function trend(over: Partial<Record<string, Partial<MonthTrend>>> = {}): MonthTrend[] {
  const months = ['2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'];
  return months.map((month) => ({ month, raised: 0, closed: 0, openAtEnd: 0, overdueAtEnd: 0, ...over[month] }));
}

export function wardRow(over: Partial<WardRiskRow> = {}): WardRiskRow {
  return { wardId: 'w1', wardName: 'Cedar Ward', siteId: 's1', siteName: 'Riverside', openExtreme: 0, openHigh: 0, outstandingActions: 0, overdueActions: 0, vigilanceOnly: 0, ...over };
}

export function riskDashboard(over: Partial<RiskDashboard> = {}): RiskDashboard {
  return {
    scope: 'The whole trust',
    generatedAt: '2025-07-20T10:00:00Z',
    openPoints: [],
    outstandingByBand: [],
    overdue: 0,
    awaitingVerification: 0,
    vigilanceOnly: 0,
    closeStats: [],
    trend: trend(),
    longestOpen: [],
    wards: [],
    ...over,
  };
}

export function wardSummary(id: string, name: string, siteId: string, siteName: string): WardSummary {
  return { ward: { id, siteId, siteName, name, specialty: 'acute' }, areaCount: 3, openPoints: 0, openByBand: [], lastWalkround: null, inProgress: [] };
}

export const POLICY: RemediationPolicy = { extremeDays: 7, highDays: 28, moderateDays: 90, lowDays: 180, vigilanceOnlyDays: 7 };
