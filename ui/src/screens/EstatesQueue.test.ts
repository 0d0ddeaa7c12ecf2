import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionView, QueueInput, UserInfo, WardSummary } from '../generated/bindings';
import { actionView } from '../test/actions';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: EstatesQueue } = await import('./EstatesQueue.svelte');

const ward = (id: string, name: string, siteId: string, siteName: string): WardSummary => ({
  ward: { id, name, siteId, siteName, specialty: 'acute' },
  areaCount: 0,
  openPoints: 0,
  openByBand: [],
  inProgress: [],
});
const wards = [ward('w1', 'Cedar Ward', 's1', 'Riverside'), ward('w2', 'Oak Ward', 's2', 'Hillview')];
const chris: UserInfo = { id: 'u3', username: 'estates', displayName: 'Chris Dunn', roles: [{ role: 'estates' }] };
const dana: UserInfo = { id: 'u4', username: 'dana', displayName: 'Dana Reid', roles: [{ role: 'estates', wardId: 'w1' }] };

/** 120 actions, the first extreme and overdue; paged as the backend would. */
const all: ActionView[] = Array.from({ length: 120 }, (_, i) =>
  actionView({
    id: `q${i}`,
    title: `Queue item ${i}`,
    band: i === 0 ? 'extreme' : 'high',
    overdue: i === 0,
    wardId: i % 2 ? 'w2' : 'w1',
    wardName: i % 2 ? 'Oak Ward' : 'Cedar Ward',
    available: ['assign'],
  }),
);

function backend(assign: (input: unknown) => Promise<unknown> = () => Promise.resolve([])) {
  call.mockImplementation((command: string, input: QueueInput & { wardId?: string }) => {
    if (command === 'list_my_wards') return Promise.resolve(wards);
    if (command === 'estates_queue') {
      const items = all.filter((a) => !input.wardId || a.wardId === input.wardId).filter((a) => !input.overdueOnly || a.overdue);
      return Promise.resolve({ items: items.slice(input.offset, input.offset + (input.limit ?? 50)), total: items.length, offset: input.offset });
    }
    if (command === 'assignable_users') return Promise.resolve(input.wardId === 'w1' ? [chris, dana] : [chris]);
    if (command === 'assign_actions') return assign(input);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

const lastQueueInput = () => call.mock.calls.filter((c) => c[0] === 'estates_queue').at(-1)?.[1];

describe('EstatesQueue', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('shows the first page of 50 in the order given, with ward and overdue, and pages on', async () => {
    backend();
    const u = userEvent.setup();
    render(EstatesQueue);
    const table = await screen.findByRole('table', { name: 'Estates queue' });
    expect(screen.getByText('Showing 1 to 50 of 120 actions')).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(50);
    expect(rows[0]).toHaveTextContent('Extreme');
    expect(rows[0]).toHaveTextContent('Overdue');
    expect(rows[1]).toHaveTextContent('Oak Ward');
    expect(lastQueueInput()).toEqual({ siteId: null, wardId: null, trade: null, statuses: [], overdueOnly: false, mine: false, offset: 0, limit: 50 });
    await u.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Showing 51 to 100 of 120 actions')).toBeInTheDocument();
    expect(lastQueueInput()).toMatchObject({ offset: 50 });
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument();
  });

  it('filters by site, ward, trade, status, overdue and assigned to me', async () => {
    backend();
    const u = userEvent.setup();
    render(EstatesQueue);
    const form = await screen.findByRole('form', { name: 'Filter the queue' });
    await u.selectOptions(within(form).getByLabelText('Site'), 'Riverside');
    expect(within(within(form).getByLabelText('Ward')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Any ward', 'Cedar Ward']);
    await u.selectOptions(within(form).getByLabelText('Ward'), 'Cedar Ward');
    await u.selectOptions(within(form).getByLabelText('Trade'), 'Plumbing');
    await u.selectOptions(within(form).getByLabelText('Status'), 'Assigned');
    await u.click(within(form).getByLabelText('Overdue only'));
    await u.click(within(form).getByLabelText('Assigned to me'));
    await u.click(within(form).getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(lastQueueInput()).toEqual({ siteId: 's1', wardId: 'w1', trade: 'plumbing', statuses: ['assigned'], overdueOnly: true, mine: true, offset: 0, limit: 50 }),
    );
    expect(await screen.findByText('Showing 1 to 1 of 1 action')).toBeInTheDocument();
    await u.click(within(form).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastQueueInput()).toMatchObject({ siteId: null, wardId: null, overdueOnly: false, mine: false }));
  });

  it('assigns several at once to someone who covers every selected ward', async () => {
    const assign = vi.fn(() => Promise.resolve([all[0], all[1]]));
    backend(assign);
    const u = userEvent.setup();
    render(EstatesQueue);
    await screen.findByRole('table', { name: 'Estates queue' });
    await u.click(screen.getByRole('checkbox', { name: 'Select Queue item 0' }));
    await u.click(screen.getByRole('checkbox', { name: 'Select Queue item 1' }));
    const form = screen.getByRole('form', { name: 'Assign the selected actions' });
    // Dana covers Cedar Ward only; item 1 is on Oak Ward.
    await waitFor(() => expect(within(within(form).getByLabelText('Assign to')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a person', 'Chris Dunn']));
    await u.selectOptions(within(form).getByLabelText('Assign to'), 'Chris Dunn');
    await u.click(within(form).getByRole('button', { name: 'Assign 2 selected' }));
    expect(assign).toHaveBeenCalledWith({ actionIds: ['q0', 'q1'], assigneeId: 'u3' });
    expect(await screen.findByText('2 actions were assigned to Chris Dunn.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select Queue item 0' })).not.toBeChecked();
  });

  it('shows why a bulk assignment was refused', async () => {
    backend(() => Promise.reject({ code: 'invalid_state', message: 'only an open or assigned action can be assigned (this one is completed)', field: 'actionIds[0]' }));
    const u = userEvent.setup();
    render(EstatesQueue);
    await screen.findByRole('table', { name: 'Estates queue' });
    await u.click(screen.getByRole('checkbox', { name: 'Select Queue item 0' }));
    const form = screen.getByRole('form', { name: 'Assign the selected actions' });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Dana Reid' })).toBeInTheDocument());
    await u.selectOptions(within(form).getByLabelText('Assign to'), 'Dana Reid');
    await u.click(within(form).getByRole('button', { name: 'Assign 1 selected' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('only an open or assigned action can be assigned');
  });
});
