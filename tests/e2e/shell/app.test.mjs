// The real desktop app (release shell, WebKitGTK) under Xvfb, driven through
// tauri-driver: it starts, a ward manager signs in and records a ligature
// point; the app is closed and started again, and the point is still there;
// the register's PDF is saved to the person's Downloads folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BY_ROLE, Session, startDriver } from './webdriver.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = process.env.WARDSAFE_BIN ?? path.join(ROOT, 'target/debug/wardsafe');

async function find(s, role, name, within) {
  return s.waitFor(BY_ROLE, `${role} "${name}"`, 20000, role, name, within);
}

/** Choose an option by its visible text, as a person picking from the list. */
async function choose(s, label, optionText, within) {
  const select = await find(s, 'combobox', label, within);
  const option = await s.exec(
    `const [el, text] = arguments;
     return [...el.options].find((o) => o.textContent.trim() === text) || null;`,
    select,
    optionText,
  );
  assert.ok(option, `no option "${optionText}" in ${label}`);
  await s.click(option);
  await s.waitFor(`return arguments[0].selectedOptions[0]?.textContent.trim() === arguments[1]`, `${label} = ${optionText}`, 5000, select, optionText);
}

async function signIn(s) {
  await s.waitFor(`return document.body.innerText.includes('Sign in to Wardsafe')`, 'the sign-in screen', 30000);
  await s.type(await find(s, 'textbox', 'Username'), 'manager');
  await s.type(await find(s, 'textbox', 'Password'), 'demo-password');
  await s.click(await find(s, 'button', 'Sign in'));
  await find(s, 'heading', 'My wards');
}

test('the desktop app keeps a ligature point across a restart', { timeout: 240_000 }, async () => {
  assert.ok(fs.existsSync(BIN), `build the app first: ${BIN}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wardsafe-shell-'));
  const db = path.join(dir, 'wardsafe.sqlite3');
  execFileSync(BIN, ['demo', '--db', db], { stdio: 'ignore' });
  const env = {
    ...process.env,
    WARDSAFE_DB: db,
    HOME: dir,
    // WebKitGTK under Xvfb renders a blank window with compositing on.
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
  const driver = await startDriver(env);
  const location = `Shell test: curtain rail above window ${Date.now()}`;
  try {
    let s = await Session.start(driver.url, BIN);
    try {
      assert.equal(await s.exec('return typeof window.__TAURI_INTERNALS__'), 'object', 'runs inside the Tauri shell');
      await signIn(s);
      await s.click(await find(s, 'button', 'Start ligature walk-round'));
      await find(s, 'heading', 'Environmental ligature walk-round');
      await s.click(await find(s, 'button', 'Add a ligature point'));
      const newForm = await find(s, 'form', 'New ligature point');
      await choose(s, 'Fixture type', 'Curtain or blind rail', newForm);
      await s.type(await find(s, 'textbox', 'Location', newForm), location);
      await choose(s, 'Height band', 'Above 2 m', newForm);
      await choose(s, 'Likelihood', '3 – Possible', newForm);
      await choose(s, 'Consequence', '5 – Catastrophic', newForm);
      await s.waitFor(`return arguments[0].innerText.includes('15 Extreme')`, 'the live score 15 Extreme', 5000, newForm);
      if (process.env.WARDSAFE_SCREENSHOT) fs.writeFileSync(process.env.WARDSAFE_SCREENSHOT, await s.screenshot());
      await s.click(await find(s, 'button', 'Save assessment', newForm));

      await s.waitFor(
        `return [...document.querySelectorAll('article')].some((a) => a.innerText.includes(arguments[0]))`,
        'the saved point',
        20000,
        location,
      );
    } finally {
      await s.quit();
    }

    // Start the app again: the point is in the ward's register.
    s = await Session.start(driver.url, BIN);
    try {
      await signIn(s);
      await s.click(await find(s, 'link', 'Cedar Ward'));
      await find(s, 'heading', 'Cedar Ward');
      const text = await s.waitFor(
        `return document.body.innerText.includes(arguments[0]) && document.body.innerText`,
        'the point in the register after the restart',
        20000,
        location,
      );
      assert.match(text, /Curtain or blind rail/);

      // The register as a PDF, saved where a person finds it.
      await s.click(await find(s, 'button', 'Download register PDF'));
      await s.waitFor(`return document.body.innerText.includes('saved in your Downloads folder')`, 'the saved PDF', 20000);
      const pdfs = () =>
        [dir, path.join(dir, 'Downloads')].flatMap((d) =>
          fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.pdf')).map((f) => path.join(d, f)) : [],
        );
      const deadline = Date.now() + 15000;
      while (pdfs().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(pdfs().length, 1, 'one PDF saved');
      assert.match(path.basename(pdfs()[0]), /^cedar-ward-ligature-register-.*\.pdf$/);
      assert.equal(fs.readFileSync(pdfs()[0]).subarray(0, 4).toString(), '%PDF');
    } finally {
      await s.quit();
    }
  } finally {
    driver.proc.kill();
  }
});
