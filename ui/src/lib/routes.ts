// Hash routes: #/ (my wards), #/setup (trust set-up), #/conflicts, #/queue (estates queue), #/for-you,
// #/dashboard[/site/<id>|/ward/<id>] (risk dashboard), #/wards/<id>, #/wards/<id>/actions,
// #/actions/<id>, #/audits/<id>[/areas/<id>], #/audits/<id>/summary,
// #/wards/<id>/restrictive[/start-seclusion|/start-segregation], #/episodes/<id>, #/board.

export type Route =
  | { name: 'wards' }
  | { name: 'setup' }
  | { name: 'conflicts' }
  | { name: 'queue' }
  /** What needs my attention (the desktop notifications' list). */
  | { name: 'for_you' }
  /** Every ward I may see; or one site's wards; or one ward. */
  | { name: 'dashboard'; siteId?: string; wardId?: string }
  | { name: 'ward'; wardId: string }
  | { name: 'ward_actions'; wardId: string }
  | { name: 'action'; actionId: string }
  | { name: 'audit'; auditId: string; areaId?: string }
  | { name: 'summary'; auditId: string }
  /** A ward's seclusion and long-term segregation: active episodes, recent ended ones. */
  | { name: 'ward_restrictive'; wardId: string }
  /** Start a seclusion or a long-term segregation on the ward. */
  | { name: 'start_episode'; wardId: string; kind: 'seclusion' | 'long_term_segregation' }
  | { name: 'episode'; episodeId: string }
  /** The matron's board: every active episode on the wards I cover. */
  | { name: 'board' }
  | { name: 'not_found'; path: string };

const ID = '([^/?#]+)';

export function parseRoute(hash: string): Route {
  const path = decodeURIComponent(hash.replace(/^#/, '')) || '/';
  let m: RegExpExecArray | null;
  if (path === '/' || path === '') return { name: 'wards' };
  if (/^\/setup\/?$/.test(path)) return { name: 'setup' };
  if (/^\/conflicts\/?$/.test(path)) return { name: 'conflicts' };
  if (/^\/queue\/?$/.test(path)) return { name: 'queue' };
  if (/^\/for-you\/?$/.test(path)) return { name: 'for_you' };
  if (/^\/dashboard\/?$/.test(path)) return { name: 'dashboard' };
  if ((m = new RegExp(`^/dashboard/site/${ID}/?$`).exec(path))) return { name: 'dashboard', siteId: m[1] };
  if ((m = new RegExp(`^/dashboard/ward/${ID}/?$`).exec(path))) return { name: 'dashboard', wardId: m[1] };
  if ((m = new RegExp(`^/wards/${ID}/?$`).exec(path))) return { name: 'ward', wardId: m[1] };
  if ((m = new RegExp(`^/wards/${ID}/actions/?$`).exec(path))) return { name: 'ward_actions', wardId: m[1] };
  if ((m = new RegExp(`^/wards/${ID}/restrictive/?$`).exec(path))) return { name: 'ward_restrictive', wardId: m[1] };
  if ((m = new RegExp(`^/wards/${ID}/restrictive/start-(seclusion|segregation)/?$`).exec(path)))
    return { name: 'start_episode', wardId: m[1], kind: m[2] === 'seclusion' ? 'seclusion' : 'long_term_segregation' };
  if ((m = new RegExp(`^/episodes/${ID}/?$`).exec(path))) return { name: 'episode', episodeId: m[1] };
  if (/^\/board\/?$/.test(path)) return { name: 'board' };
  if ((m = new RegExp(`^/actions/${ID}/?$`).exec(path))) return { name: 'action', actionId: m[1] };
  if ((m = new RegExp(`^/audits/${ID}/summary/?$`).exec(path))) return { name: 'summary', auditId: m[1] };
  if ((m = new RegExp(`^/audits/${ID}/areas/${ID}/?$`).exec(path))) return { name: 'audit', auditId: m[1], areaId: m[2] };
  if ((m = new RegExp(`^/audits/${ID}/?$`).exec(path))) return { name: 'audit', auditId: m[1] };
  return { name: 'not_found', path };
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'wards':
      return '#/';
    case 'setup':
      return '#/setup';
    case 'conflicts':
      return '#/conflicts';
    case 'queue':
      return '#/queue';
    case 'for_you':
      return '#/for-you';
    case 'dashboard':
      if (route.wardId) return `#/dashboard/ward/${e(route.wardId)}`;
      return route.siteId ? `#/dashboard/site/${e(route.siteId)}` : '#/dashboard';
    case 'ward':
      return `#/wards/${e(route.wardId)}`;
    case 'ward_actions':
      return `#/wards/${e(route.wardId)}/actions`;
    case 'action':
      return `#/actions/${e(route.actionId)}`;
    case 'audit':
      return route.areaId ? `#/audits/${e(route.auditId)}/areas/${e(route.areaId)}` : `#/audits/${e(route.auditId)}`;
    case 'summary':
      return `#/audits/${e(route.auditId)}/summary`;
    case 'ward_restrictive':
      return `#/wards/${e(route.wardId)}/restrictive`;
    case 'start_episode':
      return `#/wards/${e(route.wardId)}/restrictive/start-${route.kind === 'seclusion' ? 'seclusion' : 'segregation'}`;
    case 'episode':
      return `#/episodes/${e(route.episodeId)}`;
    case 'board':
      return '#/board';
    case 'not_found':
      return `#${route.path}`;
  }
}
