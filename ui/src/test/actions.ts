// Actions shaped like the backend's answers, for the action screens' tests.
import type { ActionDetail, ActionView, WardActions } from '../generated/bindings';

let n = 0;

export function actionView(over: Partial<ActionView> = {}): ActionView {
  n += 1;
  return {
    id: `act-${n}`,
    wardId: 'w1',
    wardName: 'Cedar Ward',
    siteId: 's1',
    siteName: 'Riverside',
    areaId: 'ar1',
    areaName: 'Bedroom 1',
    pointId: null,
    auditId: null,
    source: 'direct',
    title: `Action ${n}`,
    detail: '',
    band: 'high',
    ownerTeam: 'estates',
    trade: 'general',
    status: 'open',
    assigneeId: null,
    assigneeName: null,
    dueDate: '2025-08-01',
    overdue: false,
    capitalRef: null,
    mergedInto: null,
    raisedByName: 'Sam Patel',
    raisedAt: '2025-07-01T09:30:00Z',
    completedBy: null,
    completedAt: null,
    verifiedAt: null,
    interimControls: [],
    vigilanceOnlyFlag: false,
    interimControlMissing: false,
    available: [],
    ...over,
  };
}

export function draftView(over: Partial<ActionView> = {}): ActionView {
  return actionView({ status: 'draft', source: 'ligature_point', auditId: 'a1', available: ['confirm', 'merge', 'dismiss'], ...over });
}

export function wardActions(over: Partial<WardActions> = {}): WardActions {
  return { drafts: [], open: [], awaitingVerification: [], recentlyClosed: [], overdue: 0, interimReviewsDue: 0, vigilanceOnly: 0, ...over };
}

export function actionDetail(action: ActionView, timeline: ActionDetail['timeline'] = []): ActionDetail {
  return { action, timeline };
}
