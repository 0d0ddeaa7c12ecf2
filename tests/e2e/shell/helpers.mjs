// What the shell tests share: where the app is, its environment, running a
// command through the shell's `call` as the UI does, and finding things on
// screen as a person would.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BY_ROLE } from './webdriver.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.WARDSAFE_BIN ?? path.join(ROOT, 'target/debug/wardsafe');
export const SERVER_BIN = process.env.WARDSAFE_SERVER_BIN ?? path.join(path.dirname(BIN), 'wardsafe-server');

/** Run a command through the shell's `call`, as the UI does. */
export async function invoke(s, command, input, session = null) {
  const out = await s.execAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('call', { command: arguments[0], input: arguments[1], session: arguments[2] })
       .then((ok) => done({ ok }), (error) => done({ error }));`,
    command,
    input,
    session,
  );
  assert.ok(!out.error, `${command}: ${JSON.stringify(out.error)}`);
  return out.ok;
}

export function shellEnv(dir, db, base = process.env) {
  return {
    ...base,
    WARDSAFE_DB: db,
    HOME: dir,
    // WebKitGTK under Xvfb renders a blank window with compositing on.
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
}

export async function find(s, role, name, within) {
  return s.waitFor(BY_ROLE, `${role} "${name}"`, 20000, role, name, within);
}

/** Sign in through the sign-in screen; `landing` is what shows once signed in. */
export async function signIn(s, username = 'manager', landing = ['heading', 'My wards']) {
  await s.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
  await s.type(await find(s, 'textbox', 'Username'), username);
  await s.type(await find(s, 'textbox', 'Password'), 'demo-password');
  await s.click(await find(s, 'button', 'Sign in'));
  await find(s, ...landing);
}
