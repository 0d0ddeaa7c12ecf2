import { href, parseRoute, type Route } from './routes';

export const router = $state<{ route: Route }>({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    router.route = parseRoute(location.hash);
  });
}

export function navigate(route: Route): void {
  const target = href(route);
  if (location.hash === target) router.route = parseRoute(target);
  else location.hash = target;
}

export { href };
