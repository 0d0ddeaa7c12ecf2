import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notice, Notices } from '../../generated/bindings';

const call = vi.fn();
const notify = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/backend')>()),
  call: (...a: unknown[]) => call(...a),
  notify: (...a: unknown[]) => notify(...a),
}));

const { default: NoticesLink } = await import('./NoticesLink.svelte');
const { feed, refreshNotices } = await import('../../lib/noticeFeed.svelte');

const notice = (key: string, kind: Notice['kind'], title: string): Notice => ({
  key,
  kind,
  actionId: `a-${key}`,
  wardName: 'Cedar Ward',
  title,
  band: 'extreme',
  dueDate: '2026-11-20',
});

function answer(list: Notices) {
  call.mockImplementation((command: string) =>
    command === 'my_notices' ? Promise.resolve(list) : Promise.reject({ code: 'unknown_command', message: command }),
  );
}

describe('For you: the header link and desktop notifications', () => {
  beforeEach(() => {
    call.mockReset();
    notify.mockReset().mockResolvedValue(true);
    feed.list = null;
    feed.userId = null;
    localStorage.clear();
  });

  it('says how many things need me, and notifies each new one once', async () => {
    answer({ items: [notice('k1', 'assigned_to_me', 'Replace the tap'), notice('k2', 'overdue', 'Box in the pipe')], total: 2, reviews: [] });
    render(NoticesLink, { props: { userId: 'u1' } });
    expect(await screen.findByRole('link', { name: 'For you 2 things need your attention' })).toHaveAttribute('href', '#/for-you');
    expect(call).toHaveBeenCalledWith('my_notices', { limit: 200 });
    expect(notify.mock.calls).toEqual([
      ['Assigned to you: Replace the tap', 'Cedar Ward · Extreme risk · due 20 Nov 2026'],
      ['Overdue: Box in the pipe', 'Cedar Ward · Extreme risk · due 20 Nov 2026'],
    ]);

    // Looking again: nothing new, nothing shown again; then a new event is.
    await refreshNotices('u1');
    expect(notify).toHaveBeenCalledTimes(2);
    answer({ items: [notice('k1', 'assigned_to_me', 'Replace the tap'), notice('k3', 'awaiting_my_verification', 'Fit the rail')], total: 2, reviews: [] });
    await refreshNotices('u1');
    expect(notify).toHaveBeenCalledTimes(3);
    expect(notify).toHaveBeenLastCalledWith('Waiting for your verification: Fit the rail', 'Cedar Ward · Extreme risk · due 20 Nov 2026');

    // Someone else signing in on this device hears about their own.
    await refreshNotices('u2');
    expect(notify).toHaveBeenCalledTimes(5);
  });

  it('is a plain link when nothing needs me, and says nothing when the backend cannot answer', async () => {
    answer({ items: [], total: 0, reviews: [] });
    render(NoticesLink, { props: { userId: 'u1' } });
    expect(await screen.findByRole('link', { name: 'For you' })).toBeInTheDocument();
    call.mockRejectedValue({ code: 'internal', message: 'down' });
    await refreshNotices('u1');
    expect(notify).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'For you' })).toBeInTheDocument();
  });

  it("never shows one person's list to the next, even when it arrives after they signed out", async () => {
    let answerFirst: (l: Notices) => void = () => {};
    call.mockReturnValueOnce(new Promise<Notices>((resolve) => (answerFirst = resolve)));
    const first = refreshNotices('estates');
    answer({ items: [notice('m1', 'awaiting_my_verification', 'Fit the rail')], total: 1, reviews: [] });
    const second = refreshNotices('manager');
    await second;
    expect(feed.list?.items.map((n) => n.key)).toEqual(['m1']);
    answerFirst({ items: [notice('e1', 'assigned_to_me', 'Replace the tap'), notice('e2', 'overdue', 'Box in')], total: 2, reviews: [] });
    await first;
    expect(feed.list?.items.map((n) => n.key)).toEqual(['m1']);
    expect(notify.mock.calls.map((c) => c[0])).toEqual(['Waiting for your verification: Fit the rail']);
  });
});
