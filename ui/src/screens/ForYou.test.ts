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
    call.mockResolvedValue({ items: [notice('a', 'awaiting_my_verification', 'Fit the rail'), notice('b', 'overdue', 'Box in the pipe')], total: 2, reviews: [] });
    render(ForYou, { props: { user: manager } });
    const verify = await screen.findByRole('heading', { name: 'Waiting for your verification (1)' });
    expect(verify).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Overdue (1)' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Assigned to you/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Fit the rail' })).toHaveAttribute('href', '#/actions/a-a');
    expect(screen.getByText('2 things need your attention.', { exact: false })).toBeInTheDocument();
    const list = screen.getAllByRole('list')[1];
    expect(within(list).getByText(/Cedar Ward, due 1 Dec 2026/)).toBeInTheDocument();
  });

  it('lists missed and soon-due seclusion reviews first, by place and time, each linking to its episode', async () => {
    const review = (kind: 'missed' | 'due_soon', label: string) => ({
      key: `${kind}:e1`,
      kind,
      episodeId: 'e1',
      episodeKind: 'seclusion' as const,
      wardName: 'Willow Ward',
      roomName: 'Seclusion room',
      ruleId: 'seclusion_nursing_review' as const,
      label,
      dueAt: '2026-01-12T10:00:00Z',
    });
    call.mockResolvedValue({
      items: [notice('b', 'overdue', 'Box in the pipe')],
      total: 1,
      reviews: [review('missed', 'Seclusion: first medical review'), review('due_soon', 'Seclusion: nursing review')],
    });
    render(ForYou, { props: { user: manager } });
    const headings = (await screen.findAllByRole('heading', { level: 2 })).map((h) => h.textContent);
    expect(headings).toEqual(['Seclusion and segregation: missed (1)', 'Seclusion and segregation: due soon (1)', 'Overdue (1)']);
    expect(screen.getByRole('link', { name: 'Seclusion: first medical review' })).toHaveAttribute('href', '#/episodes/e1');
    expect(screen.getByText(/Willow Ward, Seclusion room, was due 12 Jan 2026, 10:00/)).toBeInTheDocument();
    expect(screen.getByText('3 things need your attention.', { exact: false })).toBeInTheDocument();
  });

  it('says so when nothing needs me', async () => {
    call.mockResolvedValue({ items: [], total: 0, reviews: [] });
    render(ForYou, { props: { user: manager } });
    expect(await screen.findByText(/Nothing needs your attention/)).toBeInTheDocument();
  });
});
