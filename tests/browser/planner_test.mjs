// Browser test of the planner page (issue 11): starts `gigasim serve --port 0`, opens / in Debian's
// Chromium (headless, playwright-core, no request leaves loopback), waits for the first plan,
// changes the GPU count, waits for the new plan and checks its days against POST /api/plan with
// the scenario the page sent; then asks for a count with no feasible layout and checks the message
// names the nearest counts that work and the previous plan is marked stale, until a new plan clears
// the mark. Then the inputs beyond the first ones (precision, a fixed tp), the shareable URL (a fresh
// page at the URL plans the same), the comparison with a kept plan and the scaling table's CSV.
// The console must stay clean. Saves screenshots.
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
  await page.screenshot({ path: path.join(outDir, 'planner.png'), fullPage: false });

  // 1,000 GPUs split no way for Llama 3 70B and 2,048 sequences (1,000 = 8·5³): the page shows why
  // with the nearest counts that work, and marks the 16,384-GPU plan below as stale.
  await page.fill('#gpus', '1000');
  await page.waitForSelector('body[data-state="error"]', { timeout: 30000 });
  const message = await page.textContent('#status');
  assert.match(message, /no layout of 1,000 GPUs is feasible/);
  assert.match(message, /nearest GPU counts with a feasible layout/);
  assert.ok(await page.isVisible('#stale'), 'the previous plan is marked stale');
  assert.equal(await page.getAttribute('body', 'data-gpus'), '16384', 'the brief still shows the previous plan');
  await page.screenshot({ path: path.join(outDir, 'planner-stale.png'), fullPage: false });

  await page.fill('#gpus', '8192');
  await page.waitForSelector('body[data-state="done"][data-gpus="8192"]', { timeout: 30000 });
  assert.ok(!(await page.isVisible('#stale')), 'a new plan clears the mark');
  // Precision and a fixed layout field go into the scenario; the headline shows the layout.
  await page.click('#keep');
  await page.selectOption('#precision', 'fp8');
  await page.fill('#tp', '8');
  await page.waitForFunction(() => document.querySelector('#scenario').textContent.includes('tp: 8, precision: fp8'));
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  const fp8Scenario = await page.textContent('#scenario');
  assert.match(fp8Scenario, /parallelism: \{ tp: 8, precision: fp8, global_batch: 2048/);
  const fp8Days = Number(await page.getAttribute('body', 'data-days'));
  const fp8Api = await (await fetch(url + '/api/plan', { method: 'POST', body: fp8Scenario })).json();
  assert.equal(fp8Api.training.days, fp8Days, 'the page plans what it sends');
  assert.equal(fp8Api.training.estimate.job.parallelism.tp, 8);
  assert.match(await page.textContent('#headline'), /tp 8 · pp/);

  // The kept 8,192-GPU bf16 plan beside the fp8 one: the days differ and are marked.
  const compared = await page.$$eval('table.compare tr', (rows) => rows.length);
  assert.ok(compared >= 8, `${compared} rows compared`);
  const marked = await page.$$eval('table.compare td.diff', (cells) => cells.map((c) => c.parentElement.cells[0].textContent));
  assert.ok(marked.includes('days without failures'), `marked: ${marked}`);
  await page.screenshot({ path: path.join(outDir, 'planner-compare.png'), fullPage: false });

  // The scaling table as CSV.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const csvText = await (await import('node:fs/promises')).readFile(await csv.path(), 'utf8');
  assert.match(csvText, /^gpus,days,wall_days,mfu,facility_peak_mw,capex_usd,cost_per_run_usd,slower_than_gpus,why_slower\n\d+,/);

  // A site of one's own: its CO2 and electricity price go into the scenario as a mapping.
  await page.selectOption('#site', 'custom…');
  await page.fill('#site-co2', '120');
  await page.waitForFunction(() => document.querySelector('#scenario').textContent.includes('grid_g_co2_per_kwh: 120'));
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  assert.match(await page.textContent('#scenario'), /site: \{ name: my-site, grid_g_co2_per_kwh: 120, electricity_usd_per_mwh: 80 \}/);
  assert.match(await page.textContent('#brief'), /at my-site/);
  await page.selectOption('#site', 'memphis-tn');
  await page.waitForFunction(() => document.querySelector('#scenario').textContent.includes('site: memphis-tn'));
  await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });

  // The URL holds the inputs: a fresh page at it plans the same scenario, to the same days.
  const shared = page.url();
  assert.match(shared, /#.*precision=fp8/);
  const second = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await second.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
  await second.goto(shared);
  await second.waitForSelector('body[data-state="done"]', { timeout: 30000 });
  assert.equal(await second.textContent('#scenario'), fp8Scenario, 'the link reproduces the scenario');
  assert.equal(Number(await second.getAttribute('body', 'data-days')), fp8Days, 'and the plan');
  await second.close();

  // Chromium logs the refused plan's 400 as a failed load; nothing else may appear.
  assert.deepEqual(consoleErrors, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  console.log(`planner test: ${firstDays.toFixed(1)} days on 8,192 GPUs, ${days.toFixed(1)} on 16,384 ` +
    `(equal to POST /api/plan), ${charts} charts; fp8 at tp 8: ${fp8Days.toFixed(1)} days, the same from its link`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
process.exit(0);  // the server finishes its kept-alive connections on its own
