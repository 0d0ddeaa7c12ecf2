import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo, WardOverview } from '../generated/bindings';
import { boardEntry, matronBoard } from '../test/restrictive';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: WardRestrictive } = await import('./WardRestrictive.svelte');

const overview: WardOverview = {
  ward: { id: 'w1', siteId: 's1', siteName: 'Riverside', name: 'Cedar Ward', specialty: 'picu' },
  areas: [],
  openByBand: [],
  openByTier: [],
  audits: [],
};
const nurse: UserInfo = { id: 'u1', username: 'nn', displayName: 'Nia Nurse', roles: [{ role: 'ward_staff', wardId: 'w1' }] };
const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };

function backend(entries = [boardEntry()]) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'ward_overview') return Promise.resolve(overview);
    if (command === 'matron_board') return Promise.resolve(matronBoard(input.wardId === 'w1' ? entries : []));
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe("A ward's seclusion and segregation", () => {
  beforeEach(() => {
    call.mockReset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:09:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the active episodes with the next due, and offers starting one', async () => {
    backend();
    render(WardRestrictive, { props: { wardId: 'w1', user: nurse } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Seclusion and segregation' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start seclusion' })).toHaveAttribute('href', '#/wards/w1/restrictive/start-seclusion');
    expect(screen.getByRole('link', { name: 'Start long-term segregation' })).toHaveAttribute('href', '#/wards/w1/restrictive/start-segregation');
    const table = screen.getByRole('table', { name: 'Active episodes on this ward, most urgent first' });
    const row = within(table).getByRole('row', { name: /Alex Example/ });
    expect(row).toHaveTextContent('Seclusion room');
    expect(row).toHaveTextContent('due in 6 minutes');
    expect(within(table).queryByText('Cedar Ward')).toBeNull();
    expect(within(row).getByRole('link', { name: 'Alex Example' })).toHaveAttribute('href', '#/episodes/ep1');
  });

  it('says so when no one is secluded, and offers no start to someone who only reads', async () => {
    backend([]);
    render(WardRestrictive, { props: { wardId: 'w1', user: governance } });
    expect(await screen.findByText('No one on this ward is in seclusion or long-term segregation.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Start seclusion' })).toBeNull();
  });
});
