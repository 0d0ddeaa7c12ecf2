import { describe, expect, it } from 'vitest';
import type { Notice } from '../generated/bindings';
import { desktopNotices, fresh, loadSeen, MAX_SEPARATE, noticeText, saveSeen } from './notices';

const notice = (key: string, kind: Notice['kind'] = 'assigned_to_me', title = 'Box in the pipe'): Notice => ({
  key,
  kind,
  actionId: `a-${key}`,
  wardName: 'Cedar Ward',
  title,
  band: 'high',
  dueDate: '2026-12-01',
});

describe('desktop notifications', () => {
  it('says why, what, where and when it is due', () => {
    expect(noticeText(notice('k', 'awaiting_my_verification', 'Replace the tap'))).toEqual({
      title: 'Waiting for your verification: Replace the tap',
      body: 'Cedar Ward · High risk · due 1 Dec 2026',
    });
  });

  it('notifies only what this device has not shown', () => {
    const items = [notice('a'), notice('b'), notice('c')];
    expect(fresh(items, new Set(['a', 'c'])).map((n) => n.key)).toEqual(['b']);
    expect(fresh(items, new Set(['a', 'b', 'c']))).toEqual([]);
  });

  it('shows a few one by one, and many as one summary', () => {
    const few = Array.from({ length: MAX_SEPARATE }, (_, i) => notice(`k${i}`));
    expect(desktopNotices(few)).toHaveLength(MAX_SEPARATE);
    const many = [...few, notice('x', 'overdue'), notice('y', 'overdue')];
    expect(desktopNotices(many)).toEqual([
      { title: '5 actions need your attention', body: 'In Wardsafe — assigned to you: 3, overdue: 2' },
    ]);
  });

  it('remembers what was shown per person, and survives damaged storage', () => {
    saveSeen('u1', new Set(['a', 'b']));
    expect([...loadSeen('u1')]).toEqual(['a', 'b']);
    expect(loadSeen('u2').size).toBe(0);
    localStorage.setItem('wardsafe.notified.u3', '{not json');
    expect(loadSeen('u3').size).toBe(0);
  });
});
