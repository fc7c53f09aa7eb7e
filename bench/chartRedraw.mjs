// The training chart's redraw time in headless Chromium (Debian's chromium via playwright-core),
// on the production webview bundle, with a stub host that answers the page's requests.
//   node bench/chartRedraw.mjs [points]     prints one JSON line of figures
/* global window, document, requestAnimationFrame -- functions passed to page.evaluate run in the browser */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const n = Number(process.argv[2] ?? 100_000);
const dir = join(root, 'bench', '.build');
mkdirSync(dir, { recursive: true });

// A PPO-like run: loss, learning rate, KL, reward and grad norm at every step, from trainer_log.
const points = Array.from({ length: n }, (_, i) => ({
  source: 'trainer-log',
  step: i + 1,
  epoch: (3 * (i + 1)) / n,
  elapsed: i * 2,
  values: {
    loss: 2 / (1 + i / 5000) + 0.05 * Math.sin(i),
    learning_rate: 1e-5 * (1 - i / n),
    kl: 0.05 + 0.01 * Math.sin(i / 100),
    reward: Math.log1p(i / 1000),
    grad_norm: 1 + 0.3 * Math.cos(i / 7),
  },
}));
const strings = {
  title: 'Training chart',
  xAxis: 'X axis',
  step: 'Step',
  epoch: 'Epoch',
  time: 'Time (s)',
  smoothing: 'Smoothing',
  logScale: 'Log scale',
  overlay: 'Overlay runs',
  exportPng: 'Export PNG',
  exportCsv: 'Export CSV',
  noPoints: 'No metrics yet',
  alerts: 'Alerts',
  panels: { loss: 'Loss', learning_rate: 'Learning rate', kl: 'KL', reward: 'Reward', grad_norm: 'Gradient norm' },
};
const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(root, 'dist', 'webviews', 'trainingChart.css'))}"></head>
<body style="width:1400px">
<script type="application/json" id="tunelab-bootstrap">${JSON.stringify({ strings, uiStateVersion: 1 })}</script>
<script>
  // The host's side of the protocol, in the page: answers ready, listRuns and snapshot.
  window.acquireVsCodeApi = () => ({
    getState: () => undefined,
    setState: (s) => s,
    postMessage: (m) => {
      if (m.kind !== 'request') return;
      const answer = (result) => window.postMessage({ rpc: m.rpc, kind: 'response', id: m.id, result }, '*');
      if (m.method === 'ready') answer({ jobId: 'bench', overlays: [] });
      else if (m.method === 'listRuns') answer([]);
      else if (m.method === 'snapshot') { window.snapshotSentAt = performance.now(); answer([{ jobId: 'bench', title: 'bench', state: 'running', points: window.benchPoints, alerts: [] }]); }
      else answer(undefined);
    },
  });
</script>
<script src="${pathToFileURL(join(root, 'dist', 'webviews', 'trainingChart.js'))}"></script></body></html>`;
const page_ = join(dir, 'chart-bench.html');
writeFileSync(page_, html);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript((p) => (window.benchPoints = p), points);
await page.goto(pathToFileURL(page_).href);
await page.waitForFunction(() => window.tunelabChart?.drawnPoints?.loss > 0, null, { timeout: 120_000 });
const first = await page.evaluate(() => window.tunelabChart);

// Redraws as the user changes the smoothing (every series recomputed, every panel redrawn).
const redraws = [];
for (let i = 1; i <= 15; i++) {
  redraws.push(
    await page.evaluate(
      async (value) => {
        const slider = document.getElementById('smoothing');
        slider.value = String(value);
        slider.dispatchEvent(new Event('input'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return window.tunelabChart.lastRedrawMs;
      },
      (i % 10) / 10,
    ),
  );
}
// A live point arriving (what a running job does every few seconds).
const live = [];
for (let i = 0; i < 15; i++) {
  live.push(
    await page.evaluate(
      async (step) => {
        window.postMessage(
          {
            rpc: 'tunelab-rpc/1',
            kind: 'notification',
            method: 'points',
            params: {
              jobId: 'bench',
              points: [{ source: 'trainer-log', step, values: { loss: 0.5, learning_rate: 1e-6, kl: 0.05, reward: 2, grad_norm: 1 } }],
              alerts: [],
            },
          },
          '*',
        );
        await new Promise((r) => setTimeout(r, 30));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return window.tunelabChart.lastRedrawMs;
      },
      n + i + 1,
    ),
  );
}
await browser.close();
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)], max: s[s.length - 1] };
};
console.log(
  JSON.stringify({
    points: n,
    firstDrawMs: first.lastRedrawMs,
    firstDrawParts: first.lastTimings,
    drawnPerPanel: first.drawnPoints,
    smoothingRedraw: stats(redraws),
    livePointRedraw: stats(live),
  }),
);
