// House rules that a reviewer would otherwise have to remember.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('the UI source', () => {
  const files = sources(root).map((path) => ({ path: relative(root, path).replace(/\\/g, '/'), text: readFileSync(path, 'utf8') }));

  it('talks to Tauri only from lib/backend', () => {
    const offenders = files.filter((f) => /@tauri-apps\//.test(f.text) && !f.path.startsWith('lib/backend/')).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('calls fetch only from lib/backend', () => {
    const offenders = files.filter((f) => /\bfetch\(/.test(f.text) && !f.path.startsWith('lib/backend/')).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('has no inline style attributes (the CSP forbids them)', () => {
    const offenders = files.filter((f) => f.path.endsWith('.svelte') && /\sstyle(=|:)/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('loads nothing from a remote address', () => {
    const offenders = files.filter((f) => /\b(src|href)=["']https?:\/\//.test(f.text) || /@import\s+url\(["']?https?:/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
