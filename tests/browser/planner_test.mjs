// Browser test of the planner page (issue 11): starts `gigasim serve --port 0`, opens / in Debian's
// Chromium (headless, playwright-core, no request leaves loopback), waits for the first plan,
// changes the GPU count, waits for the new plan and checks its days against POST /api/plan with
// the scenario the page sent; the console must stay clean. Saves a screenshot.
// Usage: node planner_test.mjs GIGASIM OUTPUT_DIR
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');
const [gigasim, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });

const server = spawn(gigasim, ['serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let output = '';
  server.stdout.on('data', (chunk) => {
    output += chunk;
    const found = output.match(/http:\/\/127\.0\.0\.1:\d+/);
    if (found) resolve(found[0]);
  });
  server.on('exit', (code) => reject(new Error(`gigasim serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
  await page.goto(url + '/');
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  const firstDays = Number(await page.getAttribute('body', 'data-days'));

  await page.fill('#gpus', '16384');
  await page.waitForSelector('body[data-state="done"][data-gpus="16384"]', { timeout: 30000 });
  const days = Number(await page.getAttribute('body', 'data-days'));
  const scenario = await page.textContent('#scenario');
  assert.match(scenario, /gpus: 16384/);
  const api = await (await fetch(url + '/api/plan', { method: 'POST', body: scenario })).json();
  assert.equal(api.training.days, days, 'the page shows the API answer');
  assert.ok(days < firstDays, `twice the GPUs train faster (${days} vs ${firstDays} days)`);

  const charts = await page.$$eval('.chart canvas', (canvases) => canvases.length);
  assert.ok(charts >= 8, `${charts} charts drawn`);
  assert.deepEqual(consoleErrors, []);
  await page.screenshot({ path: path.join(outDir, 'planner.png'), fullPage: false });
  console.log(`planner test: ${firstDays.toFixed(1)} days on 8,192 GPUs, ${days.toFixed(1)} on 16,384 ` +
    `(equal to POST /api/plan), ${charts} charts`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
process.exit(0);  // the server finishes its kept-alive connections on its own
