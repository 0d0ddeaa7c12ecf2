// Hash routes: #/ (my wards), #/setup (trust set-up), #/conflicts, #/queue (estates queue), #/for-you,
// #/dashboard[/site/<id>|/ward/<id>] (risk dashboard), #/wards/<id>, #/wards/<id>/actions,
// #/actions/<id>, #/audits/<id>[/areas/<id>], #/audits/<id>/summary,
// #/wards/<id>/restrictive[/start-seclusion|/start-segregation], #/episodes/<id>, #/board,
// #/wards/<id>/force[/new[?episode=<id>]], #/force/<id>, #/force/purge, #/blanket, #/wards/<id>/blanket, #/reports/restrictive.

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
  /** A ward's use of force records by London month; recording one; one record. */
  | { name: 'ward_force'; wardId: string }
  /** `episodeId`: the seclusion or segregation it happened in, when recorded from the episode. */
  | { name: 'record_force'; wardId: string; episodeId?: string }
  | { name: 'force'; forceId: string }
  /** The administrator's list of records kept 3 years that may be purged. */
  | { name: 'force_purge' }
  /** The blanket restrictions register: one ward's, or every ward I may see. */
  | { name: 'blanket'; wardId?: string }
  /** Restrictive practice by month: seclusion, segregation, restraint, compliance, equality. */
  | { name: 'restrictive_report' }
  | { name: 'not_found'; path: string };

const ID = '([^/?#]+)';

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = decodeURIComponent(q < 0 ? raw : raw.slice(0, q)) || '/';
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
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
  if ((m = new RegExp(`^/wards/${ID}/force/?$`).exec(path))) return { name: 'ward_force', wardId: m[1] };
  if ((m = new RegExp(`^/wards/${ID}/force/new/?$`).exec(path))) {
    const episodeId = query.get('episode');
    return episodeId ? { name: 'record_force', wardId: m[1], episodeId } : { name: 'record_force', wardId: m[1] };
  }
  if (/^\/force\/purge\/?$/.test(path)) return { name: 'force_purge' };
  if ((m = new RegExp(`^/force/${ID}/?$`).exec(path))) return { name: 'force', forceId: m[1] };
  if (/^\/blanket\/?$/.test(path)) return { name: 'blanket' };
  if ((m = new RegExp(`^/wards/${ID}/blanket/?$`).exec(path))) return { name: 'blanket', wardId: m[1] };
  if (/^\/reports\/restrictive\/?$/.test(path)) return { name: 'restrictive_report' };
  if ((m = new RegExp(`^/actions/${ID}/?$`).exec(path))) return { name: 'action', actionId: m[1] };
  if ((m = new RegExp(`^/audits/${ID}/summary/?$`).exec(path))) return { name: 'summary', auditId: m[1] };
  if ((m = new RegExp(`^/audits/${ID}/areas/${ID}/?$`).exec(path))) return { name: 'audit', auditId: m[1], areaId: m[2] };
  if ((m = new RegExp(`^/audits/${ID}/?$`).exec(path))) return { name: 'audit', auditId: m[1] };
  return { name: 'not_found', path: decodeURIComponent(raw) };
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
    case 'ward_force':
      return `#/wards/${e(route.wardId)}/force`;
    case 'record_force':
      return `#/wards/${e(route.wardId)}/force/new${route.episodeId ? `?episode=${e(route.episodeId)}` : ''}`;
    case 'force':
      return `#/force/${e(route.forceId)}`;
    case 'force_purge':
      return '#/force/purge';
    case 'blanket':
      return route.wardId ? `#/wards/${e(route.wardId)}/blanket` : '#/blanket';
    case 'restrictive_report':
      return '#/reports/restrictive';
    case 'not_found':
      return `#${route.path}`;
  }
}
