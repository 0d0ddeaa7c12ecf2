import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo, WardOverview } from '../generated/bindings';
import { boardEntry, endedRow } from '../test/restrictive';

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

function backend(active = [boardEntry()], ended = [endedRow({ signOff: { by: 'u2', byName: 'Mo Matron', at: '2026-01-11T12:00:00Z', comment: 'Seen' } }), endedRow({ episodeId: 'ep8', patientName: 'Kim Example', kind: 'long_term_segregation', roomName: null, missedCount: 0, lateCount: 2, ending: 'transferred', durationMinutes: 4 * 1440 + 60 })]) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'ward_overview') return Promise.resolve(overview);
    if (command === 'ward_episodes') return Promise.resolve(input.wardId === 'w1' ? { evaluatedAt: '2026-01-12T10:09:00Z', active, ended } : null);
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

    const ended = screen.getByRole('table', { name: 'Ended episodes on this ward, most recently ended first' });
    const jo = within(ended).getByRole('row', { name: /Jo Example/ });
    expect(jo).toHaveTextContent('Seclusion, Seclusion room');
    expect(within(jo).getByText('1 missed')).toHaveClass('nhsuk-tag--red');
    expect(jo).toHaveTextContent('Signed off by Mo Matron, 11 Jan 2026, 12:00');
    const kim = within(ended).getByRole('row', { name: /Kim Example/ });
    expect(kim).toHaveTextContent('Long-term segregation');
    expect(kim).toHaveTextContent('4 days 1 hour, ended 11 Jan 2026, 10:10');
    expect(kim).toHaveTextContent('Transferred to another ward or hospital');
    expect(within(kim).getByText('2 late')).toHaveClass('nhsuk-tag--orange');
    expect(kim).toHaveTextContent('Awaiting sign-off');
    expect(within(kim).getByRole('link', { name: 'Kim Example' })).toHaveAttribute('href', '#/episodes/ep8');
  });

  it('says so when no one is secluded, and offers no start to someone who only reads', async () => {
    backend([], []);
    render(WardRestrictive, { props: { wardId: 'w1', user: governance } });
    expect(await screen.findByText('No one on this ward is in seclusion or long-term segregation.')).toBeInTheDocument();
    expect(screen.getByText('No episode on this ward has ended yet.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Start seclusion' })).toBeNull();
  });
});
