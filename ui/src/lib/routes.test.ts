import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './routes';

describe('routes', () => {
  const cases: [string, Route][] = [
    ['', { name: 'wards' }],
    ['#/', { name: 'wards' }],
    ['#/setup', { name: 'setup' }],
    ['#/conflicts', { name: 'conflicts' }],
    ['#/queue', { name: 'queue' }],
    ['#/for-you', { name: 'for_you' }],
    ['#/dashboard', { name: 'dashboard' }],
    ['#/dashboard/site/s-1', { name: 'dashboard', siteId: 's-1' }],
    ['#/dashboard/ward/w-1', { name: 'dashboard', wardId: 'w-1' }],
    ['#/wards/w-1', { name: 'ward', wardId: 'w-1' }],
    ['#/wards/w-1/actions', { name: 'ward_actions', wardId: 'w-1' }],
    ['#/actions/x-9', { name: 'action', actionId: 'x-9' }],
    ['#/audits/a-1', { name: 'audit', auditId: 'a-1' }],
    ['#/audits/a-1/areas/ar-2', { name: 'audit', auditId: 'a-1', areaId: 'ar-2' }],
    ['#/audits/a-1/summary', { name: 'summary', auditId: 'a-1' }],
    ['#/wards/w-1/restrictive', { name: 'ward_restrictive', wardId: 'w-1' }],
    ['#/wards/w-1/restrictive/start-seclusion', { name: 'start_episode', wardId: 'w-1', kind: 'seclusion' }],
    ['#/wards/w-1/restrictive/start-segregation', { name: 'start_episode', wardId: 'w-1', kind: 'long_term_segregation' }],
    ['#/episodes/ep-7', { name: 'episode', episodeId: 'ep-7' }],
    ['#/board', { name: 'board' }],
    ['#/wards/w-1/force', { name: 'ward_force', wardId: 'w-1' }],
    ['#/wards/w-1/force/new', { name: 'record_force', wardId: 'w-1' }],
    ['#/wards/w-1/force/new?episode=ep-7', { name: 'record_force', wardId: 'w-1', episodeId: 'ep-7' }],
    ['#/force/f-3', { name: 'force', forceId: 'f-3' }],
    ['#/force/purge', { name: 'force_purge' }],
    ['#/blanket', { name: 'blanket' }],
    ['#/wards/w-1/blanket', { name: 'blanket', wardId: 'w-1' }],
    ['#/reports/restrictive', { name: 'restrictive_report' }],
    ['#/wards/w-1/restrictive/start-restraint', { name: 'not_found', path: '/wards/w-1/restrictive/start-restraint' }],
    ['#/nowhere', { name: 'not_found', path: '/nowhere' }],
  ];
  it.each(cases)('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('builds the links it parses', () => {
    for (const [, route] of cases.slice(1)) expect(parseRoute(href(route))).toEqual(route);
  });

  it('links a use of force to its episode only through the query, and ignores an empty one', () => {
    expect(href({ name: 'record_force', wardId: 'w 1', episodeId: 'ep/7' })).toBe('#/wards/w%201/force/new?episode=ep%2F7');
    expect(parseRoute('#/wards/w%201/force/new?episode=ep%2F7')).toEqual({ name: 'record_force', wardId: 'w 1', episodeId: 'ep/7' });
    expect(parseRoute('#/wards/w-1/force/new?episode=')).toStrictEqual({ name: 'record_force', wardId: 'w-1' });
    expect(href({ name: 'record_force', wardId: 'w-1' })).toBe('#/wards/w-1/force/new');
  });
});
