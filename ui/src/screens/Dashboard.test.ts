import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { actionView } from '../test/actions';
import { POLICY, riskDashboard, trend, wardRow, wardSummary } from '../test/dashboard';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));
// jsdom has no canvas: record what would be drawn instead.
const drawChart = vi.fn((_canvas: HTMLCanvasElement, _spec: unknown) => ({ update: vi.fn(), destroy: vi.fn() }));
vi.mock('../lib/charts', () => ({ drawChart: (canvas: HTMLCanvasElement, spec: unknown) => drawChart(canvas, spec) }));

const { default: Dashboard } = await import('./Dashboard.svelte');

const matron: UserInfo = { id: 'u1', username: 'matron', displayName: 'Jo Okafor', roles: [{ role: 'matron', wardId: null }] };
const manager: UserInfo = { id: 'u2', username: 'manager', displayName: 'Sam Patel', roles: [{ role: 'ward_manager', wardId: 'w1' }] };

const myWards = [wardSummary('w1', 'Cedar Ward', 's1', 'Riverside'), wardSummary('w2', 'Willow Ward', 's1', 'Riverside'), wardSummary('w3', 'Oak Ward', 's2', 'Moorside')];

const trust = riskDashboard({
  openPoints: [
    { band: 'extreme', tier: '3', count: 2 },
    { band: 'extreme', tier: '1', count: 1 },
    { band: 'high', tier: '2', count: 4 },
  ],
  outstandingByBand: [
    { key: 'extreme', count: 2 },
    { key: 'high', count: 3 },
  ],
  overdue: 2,
  awaitingVerification: 1,
  vigilanceOnly: 3,
  closeStats: [
    { band: 'extreme', count: 4, medianDays: 5.5, p90Days: 9 },
    { band: 'high', count: 0, medianDays: null, p90Days: null },
  ],
  trend: trend({ '2025-06': { raised: 4, closed: 1, openAtEnd: 6, overdueAtEnd: 1 }, '2025-07': { raised: 1, closed: 2, openAtEnd: 5, overdueAtEnd: 2 } }),
  longestOpen: [actionView({ id: 'a9', title: 'Replace curtain rail', band: 'extreme', raisedAt: '2025-06-20T09:00:00Z', dueDate: '2025-06-27', overdue: true, vigilanceOnlyFlag: true })],
  wards: [
    wardRow({ wardId: 'w1', wardName: 'Cedar Ward', openExtreme: 3, openHigh: 1, outstandingActions: 4, overdueActions: 2, vigilanceOnly: 2 }),
    wardRow({ wardId: 'w2', wardName: 'Willow Ward', openHigh: 3, outstandingActions: 1 }),
    wardRow({ wardId: 'w3', wardName: 'Oak Ward', siteName: 'Moorside', vigilanceOnly: 1 }),
  ],
});

function backend(dashboard: (input: Record<string, unknown>) => Promise<unknown> = () => Promise.resolve(trust)) {
  call.mockImplementation((command: string, input: Record<string, unknown>) => {
    if (command === 'risk_dashboard') return dashboard(input);
    if (command === 'list_my_wards') return Promise.resolve(myWards);
    if (command === 'get_policy') return Promise.resolve(POLICY);
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

const valueOf = (key: string) => screen.getByText(key, { selector: 'dt' }).closest('div');

describe('Dashboard', () => {
  beforeEach(() => {
    call.mockReset();
    drawChart.mockClear();
    location.hash = '#/dashboard';
  });

  it('says it is loading, then shows what needs attention and the open risks by band and tier', async () => {
    backend();
    render(Dashboard, { props: { user: matron } });
    expect(screen.getByRole('status')).toHaveTextContent('Loading the risk dashboard…');
    expect(await screen.findByRole('heading', { level: 1, name: 'Risk dashboard' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('risk_dashboard', {});
    expect(screen.getByText('The whole trust', { selector: '.nhsuk-caption-l' })).toBeInTheDocument();

    expect(valueOf('Outstanding actions')).toHaveTextContent('5');
    expect(valueOf('Overdue actions')).toHaveTextContent('2');
    expect(valueOf('Awaiting verification')).toHaveTextContent('1');
    expect(valueOf('Staff vigilance only, too long')).toHaveTextContent('3');

    const risks = screen.getByRole('table', { name: 'Open ligature risks by risk band and CQC tier' });
    expect(within(risks).getByRole('row', { name: /^Extreme/ })).toHaveTextContent(/Extreme\s*1\s*0\s*2\s*3/);
    expect(within(risks).getByRole('row', { name: /^High/ })).toHaveTextContent(/High\s*0\s*4\s*0\s*4/);
    expect(within(risks).getByRole('row', { name: /^All bands/ })).toHaveTextContent(/All bands\s*1\s*4\s*2\s*7/);

    const bands = screen.getByRole('table', { name: /^Actions by risk band/ });
    expect(within(bands).getByRole('row', { name: /^Extreme/ })).toHaveTextContent(/Extreme\s*2\s*4\s*5.5 days\s*9 days/);
    expect(within(bands).getByRole('row', { name: /^High/ })).toHaveTextContent(/High\s*3\s*0\s*—\s*none closed\s*—\s*none closed/);
  });

  it('warns at the top of the wards whose risks have had only staff vigilance too long, naming the policy days', async () => {
    backend();
    render(Dashboard, { props: { user: matron } });
    const warning = await screen.findByRole('region', { name: 'Important: Staff vigilance only for more than 7 days' });
    expect(warning).toHaveTextContent('3 risks across 2 wards have had only staff vigilance as an interim control for more than 7 days');
    expect(within(warning).getByRole('link', { name: 'Cedar Ward' })).toHaveAttribute('href', '#/dashboard/ward/w1');
    expect(within(warning).getByRole('link', { name: 'Oak Ward' }).closest('li')).toHaveTextContent('Oak Ward: 1 risk');

    const wards = screen.getByRole('table', { name: "Each ward's open risks and actions" });
    const cedar = within(wards).getByRole('row', { name: /Cedar Ward/ });
    expect(cedar).toHaveTextContent('2 risks too long');
    expect(within(cedar).getByRole('link', { name: 'Cedar Ward dashboard' })).toHaveAttribute('href', '#/dashboard/ward/w1');
    expect(within(cedar).getByRole('link', { name: "4 outstanding: view Cedar Ward's actions" })).toHaveAttribute('href', '#/wards/w1/actions');
    expect(within(wards).getByRole('row', { name: /Willow Ward/ })).toHaveTextContent('None');
  });

  it('draws the 12-month trend as two charts described in words, with the figures as a table', async () => {
    backend();
    render(Dashboard, { props: { user: matron } });
    const raised = await screen.findByRole('img', { name: /^Bar chart of actions raised and closed each month, August 2024 to July 2025: 5 raised and 3 closed in all\./ });
    expect(raised).toHaveAccessibleName(/The most raised in one month was 4, in June 2025\./);
    expect(screen.getByRole('img', { name: /^Line chart of actions open and overdue/ })).toHaveAccessibleName(/5 open and 2 overdue now/);
    await waitFor(() => expect(drawChart).toHaveBeenCalledTimes(2));
    const bar = drawChart.mock.calls.map((c) => c[1] as { kind: string; labels: unknown[]; titles: string[]; series: { label: string; data: number[] }[] }).find((s) => s.kind === 'bar');
    expect(bar?.labels[0]).toEqual(['Aug', '2024']);
    expect(bar?.labels[2]).toBe('Oct');
    expect(bar?.labels[5]).toEqual(['Jan', '2025']);
    expect(bar?.titles.at(-1)).toBe('July 2025');
    expect(bar?.series.map((s) => [s.label, s.data.slice(-2)])).toEqual([
      ['Raised', [4, 1]],
      ['Closed', [1, 2]],
    ]);

    const table = screen.getByRole('table', { name: 'Actions month by month, oldest first' });
    expect(within(table).getAllByRole('row')).toHaveLength(13);
    expect(within(table).getByRole('row', { name: /^Jun 2025/ })).toHaveTextContent(/Jun 2025\s*4\s*1\s*6\s*1/);
  });

  it('names the longest-open extreme and high risks with links to their actions', async () => {
    backend();
    render(Dashboard, { props: { user: matron } });
    const table = await screen.findByRole('table', { name: 'Longest-open extreme and high risks, longest first' });
    const row = within(table).getByRole('row', { name: /Replace curtain rail/ });
    expect(within(row).getByRole('link', { name: 'Replace curtain rail' })).toHaveAttribute('href', '#/actions/a9');
    expect(row).toHaveTextContent('Cedar Ward');
    expect(row).toHaveTextContent('30 days');
    expect(row).toHaveTextContent('27 Jun 2025 Overdue');
    expect(row).toHaveTextContent('Vigilance only');
  });

  it('changes scope with a labelled select: the trust, a site or a ward', async () => {
    backend();
    const u = userEvent.setup();
    render(Dashboard, { props: { user: matron } });
    const select = await screen.findByLabelText('Show figures for');
    expect(select).toHaveValue('');
    expect(within(select).getByRole('option', { name: 'The whole trust' })).toBeInTheDocument();
    expect(within(select).getByRole('group', { name: 'Sites' })).toHaveTextContent(/Riverside\s*Moorside/);
    expect(within(select).getByRole('group', { name: 'Wards at Moorside' })).toHaveTextContent('Oak Ward');
    await u.selectOptions(select, 'Willow Ward');
    expect(location.hash).toBe('#/dashboard');
    await u.click(screen.getByRole('button', { name: 'Show' }));
    expect(location.hash).toBe('#/dashboard/ward/w2');
    await u.selectOptions(select, 'Moorside');
    await u.click(screen.getByRole('button', { name: 'Show' }));
    expect(location.hash).toBe('#/dashboard/site/s2');
  });

  it("shows one ward's dashboard, with links to its overview and actions", async () => {
    const dashboard = vi.fn(() => Promise.resolve(riskDashboard({ scope: 'Cedar Ward', vigilanceOnly: 1, wards: [wardRow({ vigilanceOnly: 1 })] })));
    backend(dashboard);
    render(Dashboard, { props: { user: manager, wardId: 'w1' } });
    expect(await screen.findByText('Cedar Ward', { selector: '.nhsuk-caption-l' })).toBeInTheDocument();
    expect(dashboard).toHaveBeenCalledWith({ wardId: 'w1' });
    expect(screen.getByLabelText('Show figures for')).toHaveValue('ward:w1');
    expect(within(screen.getByLabelText('Show figures for')).getByRole('option', { name: 'All my wards' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /Staff vigilance only/ })).toHaveTextContent('1 risk on this ward has had only staff vigilance');
    expect(screen.getByRole('link', { name: 'Ward overview for Cedar Ward' })).toHaveAttribute('href', '#/wards/w1');
    expect(screen.getByRole('link', { name: 'View and raise actions for Cedar Ward' })).toHaveAttribute('href', '#/wards/w1/actions');
    expect(screen.getByText('No extreme or high risk has an action outstanding.')).toBeInTheDocument();
  });

  it('asks the backend for a site, and shows its refusal as a page that could not be loaded', async () => {
    const dashboard = vi.fn(() => Promise.reject({ code: 'not_found', field: 'siteId', message: 'No such site.' }));
    backend(dashboard);
    render(Dashboard, { props: { user: manager, siteId: 's9' } });
    const alert = await screen.findByRole('alert');
    expect(dashboard).toHaveBeenCalledWith({ siteId: 's9' });
    expect(alert).toHaveTextContent('This page could not be loaded');
    expect(alert).toHaveTextContent('No such site.');
    expect(screen.getByRole('link', { name: 'Risk dashboard for every ward you can see' })).toHaveAttribute('href', '#/dashboard');
  });
});
