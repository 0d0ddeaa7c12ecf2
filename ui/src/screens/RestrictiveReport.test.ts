import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo, WardSummary } from '../generated/bindings';
import { report } from '../test/report';

const call = vi.fn();
const drawChart = vi.fn((_canvas: HTMLCanvasElement, _spec: unknown) => ({ update: vi.fn(), destroy: vi.fn() }));
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));
vi.mock('../lib/charts', () => ({ drawChart: (canvas: HTMLCanvasElement, spec: unknown) => drawChart(canvas, spec) }));

const { default: RestrictiveReport } = await import('./RestrictiveReport.svelte');

const governance: UserInfo = { id: 'u3', username: 'g', displayName: 'Priya Shah', roles: [{ role: 'governance' }] };
const ward = (id: string, name: string): WardSummary =>
  ({ ward: { id, siteId: 's1', siteName: 'Riverside', name, specialty: 'acute' } }) as WardSummary;

function backend() {
  call.mockImplementation((command: string) => {
    if (command === 'list_my_wards') return Promise.resolve([ward('w1', 'Cedar Ward'), ward('w2', 'Willow Ward')]);
    if (command === 'restrictive_report') return Promise.resolve(report());
    if (command === 'restrictive_report_csv') return Promise.resolve({ fileName: 'restrictive.csv', mime: 'text/csv', dataBase64: 'YQ==', description: null });
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('The restrictive practice report', () => {
  beforeEach(() => {
    call.mockReset();
    drawChart.mockClear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the last 12 months for the whole trust: charts described in words, tables by month and ward, restraint, compliance and equality', async () => {
    backend();
    render(RestrictiveReport, { props: { user: governance } });
    expect(await screen.findByRole('heading', { level: 2, name: 'The whole trust, February 2026 to March 2026' })).toBeInTheDocument();
    expect(call).toHaveBeenCalledWith('restrictive_report', { siteId: null, wardId: null, fromMonth: '2025-04', toMonth: '2026-03' });
    expect(screen.getByLabelText('From month')).toHaveValue('2025-04');
    expect(screen.getByRole('img', { name: /^Bar chart of seclusions, long-term segregations and uses of force each month/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Bar chart of uses of force with prone restraint each month, split at 10 minutes/ })).toBeInTheDocument();

    const months = screen.getByRole('table', { name: 'Month by month' });
    const march = within(months).getByRole('row', { name: /March 2026/ });
    expect(within(march).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '12.5 h', '1', '336 h', '4', '3', '1', '0', '1', '1']);
    const wards = screen.getByRole('table', { name: 'Ward by ward, over the whole period' });
    expect(within(wards).getByRole('row', { name: /Cedar Ward/ })).toHaveTextContent('Cedar Ward312.5 h141');

    expect(within(screen.getByRole('table', { name: 'Physical restraint positions (MHSDS code)' })).getByRole('row', { name: /Prone \(01\)/ })).toHaveTextContent('2');
    expect(screen.getByText('1 over 10 minutes')).toHaveClass('nhsuk-tag--red');
    const compliance = screen.getByRole('table', { name: /Reviews and observations the Code of Practice requires/ });
    const observation = within(compliance).getByRole('row', { name: /Seclusion: observation/ });
    expect(within(observation).getAllByRole('cell').map((c) => c.textContent)).toEqual(['43', '40', '2', '1', '93%']);
    expect(within(observation).getByText('1')).toHaveClass('nhsuk-tag--red');
    expect(within(screen.getByRole('table', { name: 'Sex' })).getByRole('row', { name: /Female/ })).toHaveTextContent('2');
    expect(within(screen.getByRole('table', { name: 'Ethnic group (race)' })).getByRole('row', { name: /Declined to say/ })).toHaveTextContent('3');
  });

  it('asks again for a site and months, checking the months first, and offers the CSV', async () => {
    backend();
    const u = userEvent.setup();
    render(RestrictiveReport, { props: { user: governance } });
    await screen.findByRole('heading', { level: 2, name: /The whole trust/ });
    await u.selectOptions(screen.getByLabelText('Wards'), 'Riverside');
    await u.clear(screen.getByLabelText('From month'));
    await u.type(screen.getByLabelText('From month'), '2026-04');
    await u.click(screen.getByRole('button', { name: 'Show the report' }));
    expect(screen.getByText('The last month cannot be before the first')).toBeInTheDocument();
    await u.clear(screen.getByLabelText('From month'));
    await u.type(screen.getByLabelText('From month'), '2026-01');
    await u.click(screen.getByRole('button', { name: 'Show the report' }));
    expect(call).toHaveBeenLastCalledWith('restrictive_report', { siteId: 's1', wardId: null, fromMonth: '2026-01', toMonth: '2026-03' });

    await screen.findByRole('heading', { level: 2, name: /The whole trust/ });
    await u.click(screen.getByRole('button', { name: 'Download the report as CSV' }));
    expect(call).toHaveBeenCalledWith('restrictive_report_csv', { siteId: 's1', wardId: null, fromMonth: '2026-01', toMonth: '2026-03' });
  });
});
