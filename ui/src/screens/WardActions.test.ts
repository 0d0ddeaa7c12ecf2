import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo, WardOverview } from '../generated/bindings';
import { actionView, draftView, wardActions } from '../test/actions';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: WardActions } = await import('./WardActions.svelte');

const overview: WardOverview = {
  ward: { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' },
  areas: [
    { area: { id: 'ar1', wardId: 'w1', name: 'Bedroom 1', areaType: 'bedroom', tier: '3' }, openPoints: 1, highestBand: 'high' },
    { area: { id: 'ar2', wardId: 'w1', name: 'Main lounge', areaType: 'lounge', tier: '2' }, openPoints: 0, highestBand: null },
  ],
  openByBand: [],
  openByTier: [],
  audits: [],
};

const manager: UserInfo = { id: 'u1', username: 'm', displayName: 'Sam Patel', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u9', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

const lists = wardActions({
  drafts: [draftView({ title: 'Bedroom 1: high ligature risk — Door' })],
  open: [
    actionView({ id: 'o1', title: 'Replace curtain rail', band: 'extreme', overdue: true, dueDate: '2025-07-08', assigneeName: 'Chris Dunn', status: 'assigned', vigilanceOnlyFlag: true }),
    actionView({ id: 'o2', title: 'Box in pipes', band: 'moderate', areaName: null }),
  ],
  awaitingVerification: [actionView({ title: 'New tap fitted', status: 'completed' })],
  recentlyClosed: [],
  overdue: 1,
  interimReviewsDue: 2,
  vigilanceOnly: 1,
});

function backend(raise: (input: Record<string, unknown>) => Promise<unknown> = () => Promise.reject(new Error('not called'))) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'ward_overview') return Promise.resolve(overview);
    if (command === 'ward_actions') return Promise.resolve(lists);
    if (command === 'get_policy') return Promise.resolve({ extremeDays: 7, highDays: 28, moderateDays: 90, lowDays: 180, vigilanceOnlyDays: 7 });
    if (command === 'raise_action') return raise(input);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('WardActions', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('shows the counts, flags vigilance-only risks, and lists each section', async () => {
    backend();
    render(WardActions, { props: { wardId: 'w1', user: manager } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Actions' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Staff vigilance is the only control/ }).closest('.nhsuk-card')).toHaveTextContent('1 risk on this ward has had only staff vigilance');
    expect(screen.getByText('Overdue actions').closest('div')).toHaveTextContent('1');
    expect(screen.getByText('Interim controls due for review').closest('div')).toHaveTextContent('2');

    const open = screen.getByRole('table', { name: 'Open actions, highest risk first' });
    const row = within(open).getByRole('row', { name: /Replace curtain rail/ });
    expect(row).toHaveTextContent('Extreme');
    expect(row).toHaveTextContent('Chris Dunn');
    expect(row).toHaveTextContent('8 Jul 2025 Overdue');
    expect(row).toHaveTextContent('Vigilance only');
    expect(within(row).getByRole('link', { name: 'Replace curtain rail' })).toHaveAttribute('href', '#/actions/o1');
    expect(within(open).getByRole('row', { name: /Box in pipes/ })).toHaveTextContent('Whole ward');
    expect(screen.getByRole('table', { name: 'Draft actions' })).toHaveTextContent('Bedroom 1: high ligature risk — Door');
    expect(screen.getByRole('table', { name: 'Actions awaiting verification' })).toHaveTextContent('New tap fitted');
    expect(screen.getByText('No action was closed in the last 90 days.')).toBeInTheDocument();
  });

  it('raises an action with the policy due date, naming missing fields first', async () => {
    const raise = vi.fn((input: Record<string, unknown>) => Promise.resolve(actionView({ title: input.title as string, dueDate: '2025-07-29' })));
    backend(raise);
    const u = userEvent.setup();
    render(WardActions, { props: { wardId: 'w1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Raise an action' }));
    const form = screen.getByRole('form', { name: 'Raise an action' });
    await u.click(within(form).getByRole('button', { name: 'Raise action' }));
    const alert = within(form).getByRole('alert');
    expect(alert).toHaveTextContent('Enter what needs doing');
    expect(alert).toHaveTextContent('Choose the risk band');
    await u.selectOptions(within(form).getByLabelText('Area'), 'Bedroom 1');
    await u.type(within(form).getByLabelText('What needs doing'), 'Replace the wardrobe hinge');
    await u.selectOptions(within(form).getByLabelText('Risk band'), 'High');
    expect(within(form).getByText("Leave empty for the trust's policy: 28 days for a high risk.")).toBeInTheDocument();
    await u.selectOptions(within(form).getByLabelText('Trade'), 'Joinery');
    await u.click(within(form).getByRole('button', { name: 'Raise action' }));
    expect(raise).toHaveBeenCalledWith({
      wardId: 'w1',
      areaId: 'ar1',
      title: 'Replace the wardrobe hinge',
      detail: '',
      band: 'high',
      ownerTeam: 'estates',
      trade: 'joinery',
      dueDate: null,
      reason: null,
    });
    expect(await screen.findByText('Replace the wardrobe hinge was raised, due 29 Jul 2025.')).toBeInTheDocument();
  });

  it('asks for a reason with a chosen due date and shows the refusal next to the field', async () => {
    backend(() => Promise.reject({ code: 'validation', field: 'dueDate', message: '1 Jan 2020 is in the past: choose a later date, or give a reason' }));
    const u = userEvent.setup();
    render(WardActions, { props: { wardId: 'w1', user: manager } });
    await u.click(await screen.findByRole('button', { name: 'Raise an action' }));
    const form = screen.getByRole('form', { name: 'Raise an action' });
    await u.type(within(form).getByLabelText('What needs doing'), 'Fix it');
    await u.selectOptions(within(form).getByLabelText('Risk band'), 'Low');
    expect(within(form).queryByLabelText('Reason for this due date')).toBeNull();
    await u.type(within(form).getByLabelText('Due date (optional)'), '2020-01-01');
    expect(within(form).getByLabelText('Reason for this due date')).toBeInTheDocument();
    await u.click(within(form).getByRole('button', { name: 'Raise action' }));
    expect(await within(form).findByRole('link', { name: /is in the past/ })).toHaveAttribute('href', '#raise-due');
    expect(within(form).getByLabelText('Due date (optional)')).toHaveAccessibleDescription(/is in the past/);
  });

  it('does not offer raising to someone who cannot', async () => {
    backend();
    render(WardActions, { props: { wardId: 'w1', user: governance } });
    await screen.findByRole('heading', { level: 1, name: 'Actions' });
    expect(screen.queryByRole('button', { name: 'Raise an action' })).toBeNull();
  });
});
