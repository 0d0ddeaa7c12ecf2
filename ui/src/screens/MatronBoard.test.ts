import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MatronBoard as Board, UserInfo, WardSummary } from '../generated/bindings';
import { boardEntry, endedRow, episodeDetail, matronBoard } from '../test/restrictive';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: MatronBoard } = await import('./MatronBoard.svelte');
const { clock } = await import('../lib/restrictiveClock.svelte');

const matron: UserInfo = { id: 'u2', username: 'mo', displayName: 'Mo Matron', roles: [{ role: 'matron', wardId: 'w1' }, { role: 'matron', wardId: 'w2' }] };
const ward = (id: string, name: string): WardSummary => ({ ward: { id, siteId: 's1', siteName: 'Riverside', name, specialty: 'acute' }, areaCount: 3, openPoints: 0, openByBand: [], inProgress: [] });

const late = boardEntry({
  episodeId: 'ep2',
  wardId: 'w2',
  wardName: 'Oak Ward',
  patientName: 'Sam Example',
  nhsNumber: '4010232137',
  startedAt: '2026-01-12T01:00:00Z',
  durationMinutes: 549,
  nextDue: { ruleId: 'seclusion_observation', label: 'Seclusion: observation', at: '2026-01-12T10:12:00Z' },
  overdue: [{ ruleId: 'seclusion_nursing_review', label: 'Seclusion: nursing review', at: '2026-01-12T09:00:00Z' }],
  independentReviewAt: '2026-01-12T09:00:00Z',
  pastIndependentThreshold: true,
});
const calm = boardEntry({ signOff: { by: 'u2', byName: 'Mo Matron', at: '2026-01-12T10:05:00Z', comment: 'Seen' } });

function backend(board: (input: Record<string, unknown>) => Board, commands: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {}) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (commands[command]) return commands[command](input);
    if (command === 'matron_board') return Promise.resolve(board(input));
    if (command === 'list_my_wards') return Promise.resolve([ward('w1', 'Cedar Ward'), ward('w2', 'Oak Ward')]);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe("The matron's board", () => {
  beforeEach(() => {
    call.mockReset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:09:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists every active episode most urgent first, overdue in red with how long, the independent review threshold and sign-off', async () => {
    backend(() => matronBoard([late, calm]));
    render(MatronBoard, { props: { user: matron } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Seclusion and segregation board' })).toBeInTheDocument();
    expect(screen.getByText(/All my wards: 2 active episodes/)).toHaveTextContent('1 with a review overdue');
    const table = screen.getByRole('table', { name: 'Active episodes, most urgent first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Sam Example');
    expect(rows[0]).toHaveTextContent('NHS number 401 023 2137');
    expect(rows[0]).toHaveTextContent('Oak Ward');
    expect(rows[0]).toHaveTextContent('for 9 hours 9 minutes');
    expect(rows[0]).toHaveTextContent('Seclusion: observation due in 3 minutes');
    const overdue = within(rows[0]).getByText(/Seclusion: nursing review: overdue by 1 hour 9 minutes/);
    expect(within(overdue).getByText('Overdue')).toHaveClass('nhsuk-tag--red');
    expect(within(rows[0]).getByText('Past independent review threshold')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('reached 12 Jan 2026, 09:00');
    expect(rows[0]).toHaveTextContent('Not signed off');
    expect(within(rows[0]).getByRole('link', { name: 'Sam Example' })).toHaveAttribute('href', '#/episodes/ep2');
    expect(rows[1]).toHaveTextContent('Alex Example');
    expect(rows[1]).toHaveTextContent('Signed off');
    expect(rows[1]).toHaveTextContent('Independent review threshold 12 Jan 2026, 18:00');

    clock.now = Date.parse('2026-01-12T10:13:00Z');
    expect(await within(rows[0]).findByText('overdue by 1 minute')).toBeInTheDocument();
  });

  it('filters by ward', async () => {
    const board = vi.fn((input: Record<string, unknown>) => matronBoard(input.wardId === 'w1' ? [calm] : [late, calm]));
    backend(board);
    const u = userEvent.setup();
    render(MatronBoard, { props: { user: matron } });
    await screen.findByRole('table');
    await u.selectOptions(screen.getByLabelText('Ward'), 'Cedar Ward (Riverside)');
    expect(await screen.findByText(/Cedar Ward: 1 active episode/)).toBeInTheDocument();
    expect(board).toHaveBeenLastCalledWith({ wardId: 'w1' });
    expect(screen.queryByText('Sam Example')).toBeNull();
  });

  it('says so when no one is secluded or segregated', async () => {
    backend(() => matronBoard([]));
    render(MatronBoard, { props: { user: matron } });
    expect(await screen.findByText('No one is in seclusion or long-term segregation on the wards you cover.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('lists ended episodes awaiting sign-off, and a matron signs one off from the board', async () => {
    let signed = false;
    const waiting = [endedRow({ missedCount: 2, lateCount: 1 }), endedRow({ episodeId: 'ep8', patientName: 'Kim Example', wardId: 'w3', wardName: 'Elm Ward', missedCount: 0 })];
    const signOff = vi.fn(() => {
      signed = true;
      return Promise.resolve(episodeDetail());
    });
    backend(() => matronBoard([], { awaitingSignOff: signed ? waiting.slice(1) : waiting }), { sign_off_episode: signOff });
    const u = userEvent.setup();
    render(MatronBoard, { props: { user: matron } });
    expect(await screen.findByRole('heading', { level: 2, name: 'Awaiting sign-off (2)' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Ended episodes awaiting sign-off, most recently ended first' });
    const jo = within(table).getByRole('row', { name: /Jo Example/ });
    expect(within(jo).getByText('2 missed, 1 late')).toHaveClass('nhsuk-tag--red');
    expect(jo).toHaveTextContent('2 hours 10 minutes, ended 11 Jan 2026, 10:10');
    expect(jo).toHaveTextContent('Ended at a review: no longer needed');
    // Elm Ward is not one this matron covers: no button there.
    const kim = within(table).getByRole('row', { name: /Kim Example/ });
    expect(within(kim).queryByRole('button')).toBeNull();
    expect(within(kim).getByText('All on time')).toHaveClass('nhsuk-tag--green');

    await u.click(within(jo).getByRole('button', { name: "Sign off Jo Example's seclusion" }));
    const form = screen.getByRole('form', { name: 'Sign off the episode' });
    expect(within(form).getByLabelText('Your comment')).toHaveFocus();
    await u.type(within(form).getByLabelText('Your comment'), 'Missed reviews discussed with the ward manager.');
    await u.click(within(form).getByRole('button', { name: 'Sign off' }));
    expect(signOff).toHaveBeenCalledWith({ episodeId: 'ep9', comment: 'Missed reviews discussed with the ward manager.' });
    expect(await screen.findByText("Jo Example's seclusion is signed off.")).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 2, name: 'Awaiting sign-off (1)' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Sign off the episode' })).toBeNull();
  });
});
