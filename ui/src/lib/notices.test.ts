import { describe, expect, it } from 'vitest';
import type { Notice, Notices, ReviewNotice } from '../generated/bindings';
import { desktopNotices, fresh, loadSeen, MAX_SEPARATE, noticeCount, noticeText, pending, reviewNoticeText, saveSeen } from './notices';

const notice = (key: string, kind: Notice['kind'] = 'assigned_to_me', title = 'Box in the pipe'): Notice => ({
  key,
  kind,
  actionId: `a-${key}`,
  wardName: 'Cedar Ward',
  title,
  band: 'high',
  dueDate: '2026-12-01',
});

const review = (kind: ReviewNotice['kind']): ReviewNotice => ({
  key: `${kind}:e1:seclusion_first_medical_review:1`,
  kind,
  episodeId: 'e1',
  episodeKind: 'seclusion',
  wardName: 'Willow Ward',
  roomName: 'Seclusion room',
  ruleId: 'seclusion_first_medical_review',
  label: 'Seclusion: first medical review',
  dueAt: '2026-07-01T13:30:00Z',
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
    const list = (items: Notice[], reviews: ReviewNotice[] = []): Notices => ({ items, total: items.length, reviews });
    const few = pending(list(Array.from({ length: MAX_SEPARATE }, (_, i) => notice(`k${i}`))));
    expect(desktopNotices(few)).toHaveLength(MAX_SEPARATE);
    const many = pending(list([...Array.from({ length: 3 }, (_, i) => notice(`k${i}`)), notice('x', 'overdue'), notice('y', 'overdue')], [review('missed')]));
    expect(desktopNotices(many)).toEqual([
      {
        title: '6 things need your attention',
        body: 'In Wardsafe — review missed: 1, assigned to you: 3, overdue: 2',
      },
    ]);
    expect(noticeCount(list([notice('a')], [review('missed'), review('due_soon')]))).toBe(3);
    expect(noticeCount(null)).toBe(0);
  });

  it('says which review and where, in London time, and never who the patient is', () => {
    // 13:30 UTC on 1 July is 14:30 in London (summer time).
    expect(reviewNoticeText(review('due_soon'))).toEqual({
      title: 'Due at 14:30: Seclusion: first medical review',
      body: 'Willow Ward, Seclusion room',
    });
    expect(reviewNoticeText({ ...review('missed'), roomName: null })).toEqual({
      title: 'Missed: Seclusion: first medical review',
      body: 'Willow Ward · was due at 14:30',
    });
  });

  it('remembers what was shown per person, and survives damaged storage', () => {
    saveSeen('u1', new Set(['a', 'b']));
    expect([...loadSeen('u1')]).toEqual(['a', 'b']);
    expect(loadSeen('u2').size).toBe(0);
    localStorage.setItem('wardsafe.notified.u3', '{not json');
    expect(loadSeen('u3').size).toBe(0);
  });
});
