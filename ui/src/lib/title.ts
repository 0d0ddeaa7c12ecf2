/** Name the browser tab (and what a screen reader announces) for the screen shown. */
export function setTitle(...parts: (string | null | undefined)[]): void {
  document.title = [...parts.filter(Boolean), 'Wardsafe'].join(' – ');
}
