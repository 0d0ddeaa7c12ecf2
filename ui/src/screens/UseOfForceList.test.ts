import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { forceOverview, forceView } from '../test/force';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: UseOfForceList } = await import('./UseOfForceList.svelte');

const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

const records = [
  forceView(),
  forceView({ record: { id: 'f2', startedAt: '2026-05-01T09:00:00Z', endedAt: '2026-05-01T09:04:00Z', forceTypes: ['physical'], positions: [{ code: '09', at: '2026-05-01T09:00:00Z' }] }, view: { durationMinutes: 4, proneMinutes: 0, proneFlagged: false } }),
  forceView({ record: { id: 'f3', negligible: true, negligibleReason: 'A guiding hand', startedAt: null, endedAt: null, recordedAt: '2026-04-30T23:30:00Z', forceTypes: [], positions: [] }, view: { durationMinutes: null, proneMinutes: null, proneFlagged: false } }),
];

function backend(list = records) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'ward_overview') return Promise.resolve(forceOverview);
    if (command === 'ward_use_of_force') return Promise.resolve(input.month === '2026-03' ? [] : list);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe("A ward's use of force records", () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('lists them by London month, newest first, prone over 10 minutes in red and negligible marked', async () => {
    backend();
    render(UseOfForceList, { props: { wardId: 'w1', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Use of force' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Record a use of force' })).toHaveAttribute('href', '#/wards/w1/force/new');
    const months = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(months).toEqual(['May 2026 (3)']); // 23:30 UTC on 30 April is 00:30 on 1 May in London

    const table = screen.getByRole('table', { name: 'Uses of force in May 2026, newest first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('4 May 2026, 11:00');
    expect(rows[0]).toHaveTextContent('20 minutes');
    expect(rows[0]).toHaveTextContent('Physical restraint, Chemical restraint');
    expect(within(rows[0]).getByText('Prone over 10 minutes')).toHaveClass('nhsuk-tag--red');
    expect(within(rows[0]).getByRole('link', { name: 'View the use of force on 4 May 2026, 11:00' })).toHaveAttribute('href', '#/force/f1');
    expect(rows[1]).toHaveTextContent('None');
    expect(within(rows[1]).queryByText('Prone over 10 minutes')).toBeNull();
    expect(within(rows[2]).getByText('Negligible')).toBeInTheDocument();
  });

  it('shows one month, and says so when it has none; governance reads without recording', async () => {
    backend();
    const u = userEvent.setup();
    render(UseOfForceList, { props: { wardId: 'w1', user: governance } });
    await screen.findByRole('heading', { level: 1, name: 'Use of force' });
    expect(screen.queryByRole('link', { name: 'Record a use of force' })).toBeNull();
    await u.type(screen.getByLabelText('Month'), '2026-03');
    await u.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('No use of force was recorded on this ward in March 2026.')).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('ward_use_of_force', { wardId: 'w1', month: '2026-03' });
  });
});
