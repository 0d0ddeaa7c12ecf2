import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '../generated/bindings';
import { POLICY, riskDashboard, wardRow, wardSummary } from '../test/dashboard';
import { referenceData } from '../test/fixtures';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({ ...(await importOriginal<typeof import('../lib/backend')>()), call: (...a: unknown[]) => call(...a) }));

const { default: MyWards } = await import('./MyWards.svelte');

const matron: UserInfo = { id: 'u1', username: 'matron', displayName: 'Jo Okafor', roles: [{ role: 'matron', wardId: null }] };
const wards = [wardSummary('w1', 'Cedar Ward', 's1', 'Riverside'), wardSummary('w3', 'Oak Ward', 's2', 'Moorside'), wardSummary('w2', 'Willow Ward', 's1', 'Riverside')];

function backend(dashboard: () => Promise<unknown>) {
  call.mockImplementation((command: string) => {
    if (command === 'list_my_wards') return Promise.resolve(wards);
    if (command === 'reference_data') return Promise.resolve(referenceData());
    if (command === 'risk_dashboard') return dashboard();
    if (command === 'get_policy') return Promise.resolve({ ...POLICY, vigilanceOnlyDays: 5 });
    if (command === 'sync_status') return new Promise(() => {});
    return Promise.reject({ code: 'unknown_command', message: command });
  });
}

describe('MyWards', () => {
  beforeEach(() => {
    call.mockReset();
  });

  it('groups the wards by site, each site with a link to its risk dashboard', async () => {
    backend(() => Promise.resolve(riskDashboard()));
    render(MyWards, { props: { user: matron } });
    const sites = await screen.findAllByRole('heading', { level: 2 });
    expect(sites.map((h) => h.textContent)).toEqual(['Riverside', 'Moorside']);
    expect(screen.getByRole('link', { name: 'Risk dashboard for Riverside' })).toHaveAttribute('href', '#/dashboard/site/s1');
    expect(screen.getByRole('link', { name: 'Risk dashboard for Moorside' })).toHaveAttribute('href', '#/dashboard/site/s2');
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent?.trim())).toEqual(['Cedar Ward', 'Willow Ward', 'Oak Ward']);
  });

  it("flags a ward whose risks have had only staff vigilance too long on that ward's card, naming the policy's days", async () => {
    backend(() => Promise.resolve(riskDashboard({ vigilanceOnly: 2, wards: [wardRow({ wardId: 'w1', vigilanceOnly: 2 }), wardRow({ wardId: 'w2', wardName: 'Willow Ward' })] })));
    render(MyWards, { props: { user: matron } });
    const cedar = await screen.findByRole('region', { name: 'Cedar Ward' });
    const flag = await within(cedar).findByRole('region', { name: 'Important: Staff vigilance only for more than 5 days' });
    expect(flag).toHaveTextContent('2 risks on this ward have had only staff vigilance as an interim control for more than 5 days');
    expect(within(flag).getByRole('link', { name: 'See the risks and their controls' })).toHaveAttribute('href', '#/wards/w1/actions');
    expect(call).toHaveBeenCalledWith('risk_dashboard', {});
    expect(within(screen.getByRole('region', { name: 'Willow Ward' })).queryByRole('region')).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Oak Ward' })).queryByRole('region')).toBeNull();
  });

  it('says so when the flags cannot be checked, and still lists the wards', async () => {
    backend(() => Promise.reject({ code: 'storage', message: 'The database is busy.' }));
    render(MyWards, { props: { user: matron } });
    expect(await screen.findByText(/could not be checked just now/)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Cedar Ward' })).toBeInTheDocument();
  });
});
