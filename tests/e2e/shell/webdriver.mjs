// A small W3C WebDriver client for driving the real Tauri app through
// tauri-driver (which forwards to WebKitWebDriver). Only what the tests use.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The id of an element reference (W3C key, or the legacy one some drivers use). */
function idOf(element) {
  const id = element && (element[ELEMENT] ?? element.ELEMENT);
  if (!id) throw new Error(`not an element reference: ${JSON.stringify(element)}`);
  return id;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Start tauri-driver on a free port; resolves when it accepts connections.
 * What it and the apps it starts print goes to this process's stderr and is
 * kept in `driver.output()` too.
 */
export async function startDriver(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const proc = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
  }
  // An app tauri-driver started can outlive it, holding these pipes open; stop
  // reading when tauri-driver ends, or this test file would never finish.
  proc.on('exit', () => {
    proc.stdout.destroy();
    proc.stderr.destroy();
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${url}/status`);
      return { url, proc, output: () => output };
    } catch {
      await sleep(100);
    }
  }
  proc.kill();
  throw new Error('tauri-driver did not start');
}

async function req(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${url}: ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}

export class Session {
  constructor(base, id) {
    this.base = `${base}/session/${id}`;
  }

  static async start(driverUrl, application) {
    const value = await req('POST', `${driverUrl}/session`, {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    return new Session(driverUrl, value.sessionId);
  }

  async quit() {
    await req('DELETE', this.base).catch(() => {});
  }

  /** Run `fn` (source of a function body) in the page; `args` are passed as `arguments`. */
  async exec(body, ...args) {
    return req('POST', `${this.base}/execute/sync`, { script: body, args });
  }

  async execAsync(body, ...args) {
    return req('POST', `${this.base}/execute/async`, { script: body, args });
  }

  /** Wait until `body` returns something truthy. */
  async waitFor(body, what, timeoutMs = 20000, ...args) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        last = await this.exec(body, ...args);
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${what} (last: ${last})`);
  }

  async click(element) {
    await req('POST', `${this.base}/element/${idOf(element)}/click`, {});
  }

  async type(element, text) {
    await req('POST', `${this.base}/element/${idOf(element)}/clear`, {}).catch(() => {});
    await req('POST', `${this.base}/element/${idOf(element)}/value`, { text });
  }

  async screenshot() {
    return Buffer.from(await req('GET', `${this.base}/screenshot`), 'base64');
  }

  async text() {
    return this.exec('return document.body.innerText');
  }
}

/**
 * Find elements as a person would: by their accessible role and name.
 * Runs in the page; supports the roles the tests use. A third argument
 * (an element) limits the search to what is inside it.
 */
export const BY_ROLE = `
  const [role, name, within] = arguments;
  const root = within || document;
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const labelOf = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    const lb = el.getAttribute('aria-labelledby');
    if (lb) return lb.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ');
    if (el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button')) return el.value;
    return el.textContent;
  };
  const selectors = {
    button: 'button, input[type=submit], input[type=button], [role=button]',
    link: 'a[href], [role=link]',
    textbox: 'input:not([type]), input[type=text], input[type=password], input[type=email], input[type=date], textarea, [role=textbox]',
    combobox: 'select, [role=combobox]',
    radio: 'input[type=radio], [role=radio]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    heading: 'h1, h2, h3, h4, [role=heading]',
    spinbutton: 'input[type=number]',
    form: 'form[aria-label], form[aria-labelledby], [role=form]',
  };
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const all = [...root.querySelectorAll(selectors[role] || '[role=' + role + ']')].filter(visible);
  const exact = all.filter((el) => norm(labelOf(el)) === norm(name));
  return exact[0] || all.find((el) => norm(labelOf(el)).startsWith(norm(name))) || null;
`;
