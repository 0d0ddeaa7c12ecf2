import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditListItem, AuditSummary, AuditView, UserInfo, Ward } from '../generated/bindings';
import { referenceData } from '../test/fixtures';
import { draftView, wardActions } from '../test/actions';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: Summary } = await import('./Summary.svelte');

const ward: Ward = { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' };
const audit: AuditListItem = {
  id: 'a1',
  wardId: 'w1',
  templateName: 'Environmental ligature walk-round',
  templateVersion: 1,
  kind: 'ligature_walkround',
  status: 'completed',
  startedAt: '2025-07-01T08:00:00Z',
  startedBy: 'Sam Patel',
  completedAt: '2025-07-01T09:30:00Z',
};
const summary: AuditSummary = {
  audit,
  ward,
  answered: 12,
  failed: 2,
  openByBand: [{ key: 'extreme', count: 2 }, { key: 'high', count: 1 }],
  openByTier: [{ key: '3', count: 3 }],
  failedCritical: [{ areaName: 'Bedroom 1', questionId: 'q1', questionText: 'Does the door-top alarm sound when tested?', value: 'no', critical: true }],
  failedOther: [{ areaName: 'Lounge', questionId: 'q2', questionText: 'Are pipes boxed in?', value: 'no', critical: false }],
  changes: [{ key: 'new', count: 1 }, { key: 'worse', count: 1 }, { key: 'resolved', count: 0 }],
  pointChanges: [{ pointId: 'p1', areaName: 'Bedroom 1', fixtureType: 'door', location: 'Door top', change: 'worse', before: 8, after: 15 }],
  previousAudit: { ...audit, id: 'a0', status: 'signed_off', completedAt: '2025-06-01T09:00:00Z' },
};
const view: AuditView = {
  audit,
  ward,
  template: { key: 'ligature-walkround', version: 1, name: audit.templateName, kind: 'ligature_walkround', scope: 'per_area', sections: [] },
  areas: [],
  answers: [],
  points: [],
  amendments: [],
};

function backend(signOff: () => Promise<unknown>, drafts = wardActions()) {
  call.mockImplementation((command: string) => {
    if (command === 'ward_actions') return Promise.resolve(drafts);
    if (command === 'audit_summary') return Promise.resolve(summary);
    if (command === 'get_audit') return Promise.resolve(view);
    if (command === 'reference_data') return Promise.resolve(referenceData());
    if (command === 'sign_off_audit') return signOff();
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

const manager: UserInfo = { id: 'u1', username: 'm', displayName: 'Sam Patel', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
const nurse: UserInfo = { id: 'u2', username: 'n', displayName: 'Alex', roles: [{ role: 'ward_staff', wardId: 'w1' }] };

describe('Summary', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('shows counts by band, failed items and the changes since the previous walk-round', async () => {
    backend(() => Promise.reject(new Error('not called')));
    render(Summary, { props: { auditId: 'a1', user: nurse } });
    const byBand = await screen.findByRole('table', { name: 'Open risks by band' });
    expect(within(byBand).getByRole('row', { name: /Extreme 2/ })).toBeInTheDocument();
    expect(screen.getByText(/Does the door-top alarm sound/).closest('li')).toHaveTextContent('Bedroom 1');
    const changes = screen.getByRole('table', { name: 'Points that changed' });
    expect(within(changes).getByRole('row', { name: /Door top Worse 8 → 15/ })).toBeInTheDocument();
    // A ward staff member is not offered the sign-off.
    expect(screen.queryByRole('button', { name: 'Sign off' })).not.toBeInTheDocument();
  });

  it('signs off for a ward manager, and shows the backend refusal', async () => {
    backend(() => Promise.reject({ code: 'invalid_state', message: 'only a completed walk-round can be signed off' }));
    const u = userEvent.setup();
    render(Summary, { props: { auditId: 'a1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Sign off' }));
    expect(call).toHaveBeenCalledWith('sign_off_audit', { auditId: 'a1' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('only a completed walk-round can be signed off');
  });

  it('lists the draft actions and says they must be dealt with before signing off', async () => {
    const drafts = wardActions({ drafts: [draftView({ title: 'Wardrobe door, top hinge', band: 'extreme' }), draftView({ title: 'Door top', band: 'high' })] });
    backend(() => Promise.reject({ code: 'invalid_state', message: '2 draft actions from this walk-round need to be confirmed, merged or dismissed before it is signed off' }), drafts);
    const u = userEvent.setup();
    render(Summary, { props: { auditId: 'a1', user: manager } });
    const list = await screen.findByRole('list', { name: 'Draft actions from this walk-round' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    // Sign-off stays offered, with the reason it will be refused.
    const signOff = screen.getByRole('button', { name: 'Sign off' });
    expect(signOff).toHaveAccessibleDescription(/The 2 draft actions above need to be confirmed, merged or dismissed/);
    await u.click(signOff);
    expect(await screen.findByRole('alert')).toHaveTextContent('2 draft actions from this walk-round need to be confirmed');
  });

  it('drops the refusal about waiting drafts once the last draft is dealt with', async () => {
    const draft = draftView({ id: 'd1', title: 'Door top', band: 'high' });
    let drafts = wardActions({ drafts: [draft] });
    call.mockImplementation((command: string) => {
      if (command === 'ward_actions') return Promise.resolve(drafts);
      if (command === 'audit_summary') return Promise.resolve(summary);
      if (command === 'get_audit') return Promise.resolve(view);
      if (command === 'reference_data') return Promise.resolve(referenceData());
      if (command === 'sign_off_audit') return Promise.reject({ code: 'invalid_state', message: '1 draft action from this walk-round needs to be confirmed, merged or dismissed before it is signed off' });
      if (command === 'action_step') {
        drafts = wardActions({ open: [{ ...draft, status: 'open', available: [] }] });
        return Promise.resolve({ ...draft, status: 'open', available: [] });
      }
      return Promise.reject({ code: 'unknown_command', message: command });
    });
    const u = userEvent.setup();
    render(Summary, { props: { auditId: 'a1', user: manager } });
    const list = await screen.findByRole('list', { name: 'Draft actions from this walk-round' });
    await u.click(screen.getByRole('button', { name: 'Sign off' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The walk-round could not be signed off');
    await u.click(within(list).getByRole('button', { name: /^Confirm/ }));
    expect(await screen.findByText('No draft action from this walk-round is waiting.')).toBeInTheDocument();
    expect(screen.queryByText('The walk-round could not be signed off')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign off' })).not.toHaveAccessibleDescription();
  });

  it('says when no draft action is waiting', async () => {
    backend(() => Promise.reject(new Error('not called')));
    render(Summary, { props: { auditId: 'a1', user: manager } });
    expect(await screen.findByText('No draft action from this walk-round is waiting.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign off' })).not.toHaveAccessibleDescription();
  });
});
