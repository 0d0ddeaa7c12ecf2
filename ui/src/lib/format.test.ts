import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatDateTime, londonToday } from './format';

describe('times are shown in Europe/London', () => {
  it('adds an hour in British Summer Time', () => {
    expect(formatDateTime('2025-07-01T12:30:00Z')).toBe('1 Jul 2025, 13:30');
  });

  it('shows GMT in winter', () => {
    expect(formatDateTime('2025-01-15T09:05:00Z')).toBe('15 Jan 2025, 09:05');
  });

  it('crosses midnight into the London date', () => {
    expect(formatDate('2025-06-30T23:30:00Z')).toBe('1 Jul 2025');
    expect(londonToday(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
  });

  it('shows a calendar date without shifting it', () => {
    expect(formatCalendarDate('2025-03-30')).toBe('30 Mar 2025');
  });

  it('leaves nothing for no instant', () => {
    expect(formatDateTime(null)).toBe('');
  });
});
