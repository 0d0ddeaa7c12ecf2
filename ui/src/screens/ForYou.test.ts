import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notice, UserInfo } from '../generated/bindings';

const call = vi.fn();
vi.mock('../lib/backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/backend')>()),
  call: (...a: unknown[]) => call(...a),
  notify: () => Promise.resolve(true),
}));

const { default: ForYou } = await import('./ForYou.svelte');
const { feed } = await import('../lib/noticeFeed.svelte');

const manager: UserInfo = { id: 'u1', username: 'manager', displayName: 'Sam Patel', roles: [{ role: 'ward_manager', wardId: 'w1' }] };
const notice = (key: string, kind: Notice['kind'], title: string): Notice => ({ key, kind, actionId: `a-${key}`, wardName: 'Cedar Ward', title, band: 'high', dueDate: '2026-12-01' });

describe('For you', () => {
  beforeEach(() => {
    call.mockReset();
    feed.list = null;
  });

  it('lists what needs me by reason, each linking to its action', async () => {
    call.mockResolvedValue({ items: [notice('a', 'awaiting_my_verification', 'Fit the rail'), notice('b', 'overdue', 'Box in the pipe')], total: 2 });
    render(ForYou, { props: { user: manager } });
    const verify = await screen.findByRole('heading', { name: 'Waiting for your verification (1)' });
    expect(verify).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Overdue (1)' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Assigned to you/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Fit the rail' })).toHaveAttribute('href', '#/actions/a-a');
    expect(screen.getByText('2 actions need your attention.', { exact: false })).toBeInTheDocument();
    const list = screen.getAllByRole('list')[1];
    expect(within(list).getByText(/Cedar Ward, due 1 Dec 2026/)).toBeInTheDocument();
  });

  it('says so when nothing needs me', async () => {
    call.mockResolvedValue({ items: [], total: 0 });
    render(ForYou, { props: { user: manager } });
    expect(await screen.findByText(/Nothing needs your attention/)).toBeInTheDocument();
  });
});
