/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// The UI is served by `wardsafe serve` (loopback HTTP) or loaded by the Tauri
// shell from `dist/`; both need relative asset paths and nothing remote.
const api = process.env.WARDSAFE_API ?? 'http://127.0.0.1:8765';

export default defineConfig({
  base: './',
  plugins: [svelte(), svelteTesting()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URLs, so a strict CSP needs nothing but 'self'.
    assetsInlineLimit: 0,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  css: {
    preprocessorOptions: {
      scss: { quietDeps: true, silenceDeprecations: ['import', 'global-builtin'] },
    },
  },
  server: { proxy: { '/api': api } },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.ts'],
    css: false,
    // A hang guard, not a speed check: a screen test that types into a long
    // form took over 5 s (the default) on a 2-core machine busy compiling.
    testTimeout: 30_000,
  },
});
