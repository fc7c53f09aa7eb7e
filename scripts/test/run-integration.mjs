// Runs the integration suite inside a real VS Code: code-server's VS Code server provides the
// Node extension host, headless Debian Chromium (driven by playwright-core) renders the web
// workbench. The extension under test is this repository (dist/ must be built); the tests
// are out/test/integration (built by `node scripts/build.mjs --tests`).
//
// env: CODE_SERVER     code-server's out/node/entry.js (scripts/test/setup-test-env.sh prints it)
//      CHROMIUM        default /usr/bin/chromium
//      ARTIFACTS       logs and screenshots, default .artifacts/integration (git-ignored)
//      RESULTS_FILE    where the suite writes {passed, failed, vscodeVersion}; default in ARTIFACTS
//      TEST_TIMEOUT_S  hard limit for the whole run, default 900
//      MOCHA_GREP      only run tests whose title matches
/* global document, window -- functions passed to frame.evaluate run in the browser */
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const codeServer = process.env.CODE_SERVER;
if (!codeServer) {
  console.error('CODE_SERVER is not set: run scripts/test/setup-test-env.sh, it prints the path');
  process.exit(2);
}
const artifacts = resolve(process.env.ARTIFACTS ?? join(root, '.artifacts', 'integration'));
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const resultsFile = resolve(process.env.RESULTS_FILE ?? join(artifacts, 'results.json'));
const timeoutS = Number(process.env.TEST_TIMEOUT_S ?? 900);

// The tests may edit files: give them a throw-away copy of the fixture workspace.
const tmp = mkdtempSync(join(tmpdir(), 'tunelab-it-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
mkdirSync(join(tmp, 'run'), { mode: 0o700 });

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

let page;
// A small HTTP service the tests (in the extension host) call to act on the browser side:
//   /screenshot?name=N        save a PNG of the whole workbench into ARTIFACTS
//   /webview-text?marker=M    rendered text of the webview whose page has an element with id M
//   /webview-eval?marker=M&expr=E  read E (a property path on window) in that webview
//   /webview-count?marker=M&selector=S  how many elements match S in that webview
//   /webview-click?marker=M&selector=S  click the first element matching S (shadow DOM included)
//   /webview-type?marker=M&selector=S&text=T  type T into the input of S, then press Enter
//   /webview-press?marker=M&selector=S&keys=K1,K2  focus S and press the keys in turn
//   /workbench-click?selector=S&text=T   clicks the element with that text (a dialog button), answers the dialog's text
//   /workbench-text?selector=S&text=T    waits for an element of S holding T (a notification) and answers its text
//   /workbench-type?selector=S&text=T[&expect=E]  the same in the workbench itself (a save dialog, a quick pick: E is the row to accept)
//   /viewport?width=W&height=H  resizes the browser window's page (the workbench lays itself out again)
const helper = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  try {
    if (url.pathname === '/screenshot') {
      const file = join(artifacts, `${(url.searchParams.get('name') ?? 'shot').replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path: file });
      res.end(file);
    } else if (url.pathname === '/viewport') {
      await page.setViewportSize({ width: Number(url.searchParams.get('width') ?? 1400), height: Number(url.searchParams.get('height') ?? 900) });
      res.end('ok');
    } else if (url.pathname === '/workbench-type') {
      const input = page.locator(url.searchParams.get('selector') ?? '').first();
      const text = url.searchParams.get('text') ?? '';
      const expect = url.searchParams.get('expect');
      const keep = url.searchParams.get('keep');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      if (keep) {
        // Accept the value the dialog proposes, once it has put it there (it fills it in asynchronously).
        await page.waitForFunction(([sel, end]) => document.querySelector(sel)?.value?.endsWith(end), [url.searchParams.get('selector'), keep], {
          timeout: 15_000,
        });
      } else {
        await input.fill(text);
      }
      const accepted = await input.inputValue();
      // A quick pick filters asynchronously: wait until the wanted row is the focused one.
      if (expect) await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: expect }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await input.press('Enter');
      // The simple file dialog can swallow an Enter while it is still resolving the typed path,
      // and a slow machine may take seconds: press again while it stays open with our text.
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(750);
        if (!(await input.isVisible()) || (await input.inputValue()) !== accepted) break;
        await input.press('Enter');
      }
      if ((await input.isVisible()) && (await input.inputValue()) === accepted) {
        await page.keyboard.press('Escape');
        throw new Error(`the quick input stayed open with ${JSON.stringify(accepted)}`);
      }
      res.end('ok');
    } else if (url.pathname === '/workbench-text') {
      const element = page.locator(url.searchParams.get('selector') ?? '', { hasText: url.searchParams.get('text') ?? '' }).first();
      await element.waitFor({ state: 'visible', timeout: 20_000 });
      res.end(await element.innerText());
    } else if (url.pathname === '/workbench-click') {
      // A button in the workbench (a modal dialog's), found by its text; answers the dialog's text.
      const button = page.locator(url.searchParams.get('selector') ?? '', { hasText: url.searchParams.get('text') ?? '' }).first();
      await button.waitFor({ state: 'visible', timeout: 15_000 });
      // Only a modal dialog has text to answer; a notification's button has none (and waiting for one would take the default timeout).
      const dialogBox = page.locator('.monaco-dialog-box').first();
      const dialog = (await dialogBox.count()) ? await dialogBox.innerText().catch(() => '') : '';
      await button.click();
      res.end(dialog);
    } else if (['/webview-text', '/webview-eval', '/webview-count', '/webview-click', '/webview-type', '/webview-press'].includes(url.pathname)) {
      const frame = await findWebviewFrame(url.searchParams.get('marker') ?? '');
      if (!frame) {
        res.statusCode = 404;
        res.end('no such webview');
        return;
      }
      if (url.pathname === '/webview-text') {
        res.end(await frame.evaluate(() => document.body.innerText));
      } else if (url.pathname === '/webview-click') {
        await frame
          .locator(url.searchParams.get('selector') ?? '')
          .first()
          .click({ timeout: 10_000 });
        res.end('ok');
      } else if (url.pathname === '/webview-type') {
        const input = frame.locator(url.searchParams.get('selector') ?? '').first();
        await input.fill(url.searchParams.get('text') ?? '', { timeout: 10_000 });
        await input.press('Enter');
        res.end('ok');
      } else if (url.pathname === '/webview-press') {
        const target = frame.locator(url.searchParams.get('selector') ?? 'body').first();
        await target.focus({ timeout: 10_000 });
        for (const key of (url.searchParams.get('keys') ?? '').split(',').filter(Boolean)) await target.press(key);
        res.end('ok');
      } else if (url.pathname === '/webview-count') {
        res.end(String(await frame.evaluate((selector) => document.querySelectorAll(selector).length, url.searchParams.get('selector') ?? '*')));
      } else {
        const path = (url.searchParams.get('expr') ?? '').split('.');
        const value = await frame.evaluate((p) => p.reduce((o, k) => (o == null ? o : o[k]), window), path);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(value ?? null));
      }
    } else {
      res.statusCode = 404;
      res.end();
    }
  } catch (e) {
    res.statusCode = 500;
    res.end(String(e));
  }
});
await new Promise((r) => helper.listen(0, '127.0.0.1', r));
const helperUrl = `http://127.0.0.1:${helper.address().port}`;

/** The innermost frame of a webview whose document contains an element with id `marker`. */
async function findWebviewFrame(marker) {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate((m) => !!document.getElementById(m), marker)) return frame;
    } catch {
      /* frame navigating or cross-origin-detached */
    }
  }
  return undefined;
}

const port = await freePort();
const csLog = createWriteStream(join(artifacts, 'code-server.log'));
const cs = spawn(
  process.execPath,
  [
    codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--config',
    join(tmp, 'config.yaml'),
    '--user-data-dir',
    join(tmp, 'user-data'),
    '--extensions-dir',
    join(tmp, 'extensions'),
    workspace,
  ],
  {
    env: {
      ...process.env,
      TUNELAB_TEST_HELPER_URL: helperUrl,
      TUNELAB_TEST_RESULTS: resultsFile,
      TUNELAB_TEST_ARTIFACTS: artifacts,
      EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY ?? '{}',
      // newer VS Code servers honour the test payload only with the smoke-test driver
      VSCODE_OPTIONS: `${process.env.VSCODE_OPTIONS ?? ''} enable-smoke-test-driver`.trim(),
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_RUNTIME_DIR: join(tmp, 'run'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
cs.stdout.pipe(csLog);
cs.stderr.pipe(csLog);
let csExited = false;
let finishing = false;
cs.on('exit', (c) => {
  csExited = true;
  if (!finishing) void abort(`code-server exited (${c}) before the tests finished; see ${artifacts}/code-server.log`, 3);
});

let browser;
async function cleanup() {
  try {
    await browser?.close();
  } catch {
    /* already gone */
  }
  if (!csExited) {
    cs.kill('SIGTERM');
    await new Promise((r) => {
      cs.once('exit', r);
      setTimeout(r, 5000);
    });
  }
  helper.close();
  rmSync(tmp, { recursive: true, force: true });
}
async function abort(message, code) {
  if (finishing) return;
  finishing = true;
  console.error(message);
  try {
    await page?.screenshot({ path: join(artifacts, 'on-abort.png') });
  } catch {
    /* no page */
  }
  await cleanup();
  process.exit(code);
}
const hardTimer = setTimeout(() => void abort(`integration tests timed out after ${timeoutS}s (see ${artifacts})`, 124), timeoutS * 1000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void abort(`got ${sig}`, 130));

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`${base}/healthz`);
    if (r.ok) break;
  } catch {
    /* not up yet */
  }
  if (csExited || i > 600) await abort('code-server did not start; see code-server.log', 2);
  await new Promise((r) => setTimeout(r, 100));
}

browser = await chromium.launch({
  handleSIGINT: false,
  handleSIGTERM: false,
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
page = await context.newPage();
const pageLog = createWriteStream(join(artifacts, 'browser-console.log'));
page.on('console', (m) => pageLog.write(`[${m.type()}] ${m.text()}\n`));
page.on('pageerror', (e) => pageLog.write(`[pageerror] ${e.stack ?? e}\n`));

const done = new Promise((res) => {
  void page.exposeFunction('codeAutomationLog', (_type, args) => {
    const clean = args.map((a) => (typeof a === 'string' ? a.replace(/%c/g, '') : a)).filter((a) => !(typeof a === 'string' && /^color:/.test(a)));
    console.log(format(...clean));
  });
  void page.exposeFunction('codeAutomationExit', (code) => res(code));
});

// The remote authority the workbench uses differs between code-server versions: read it from the page.
const html = await (await fetch(`${base}/?folder=${encodeURIComponent(workspace)}`)).text();
const settings = JSON.parse(
  html
    .match(/id="vscode-workbench-web-configuration" data-settings="([^"]*)"/)[1]
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&'),
);
const remote = (p) => `vscode-remote://${settings.remoteAuthority}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(root)],
  ['extensionTestsPath', remote(join(root, 'out', 'test', 'integration', 'index'))],
  ['skipWelcome', 'true'],
];
await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

const code = await done;
finishing = true;
clearTimeout(hardTimer);
if (code !== 0) {
  try {
    await page.screenshot({ path: join(artifacts, 'failed-run.png') });
  } catch {
    /* page gone */
  }
}
await cleanup();
console.error(`integration tests exited with code ${code}; artifacts in ${artifacts}`);
process.exit(code);
