// The chart library, loaded once when the first chart is drawn (the dashboard
// is the only screen with charts, so nothing else pays for it).
let loading: Promise<typeof import('./charts')> | null = null;

export function loadCharts(): Promise<typeof import('./charts')> {
  if (!loading) {
    loading = import('./charts');
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
