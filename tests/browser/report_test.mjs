// Browser test of the HTML reports (issue 10): Debian's Chromium, headless, driven by
// playwright-core, opens each command's report from disk with no network (the default plan's, and
// estimate, search, simulate and run on the examples, and a sweep's), checks that every chart drew on its canvas,
// that the console stayed clean and that each rendered in under 3 s, and saves a screenshot of each.
// Usage: node report_test.mjs GIGASIM OUTPUT_DIR
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const { chromium } = require('playwright-core');

const [gigasim, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const example = (file) => path.join(root, 'examples', file);
const reports = [
  { name: 'plan', args: ['plan'] },
  { name: 'estimate', args: ['estimate', example('llama3-405b-16k-h100.yaml')] },
  { name: 'search', args: ['search', example('search/llama3-405b-16k-h100.yaml'), '--deadline-days', '54'] },
  { name: 'simulate', args: ['simulate', example('simulate/llama3-70b-64xh100.yaml')] },
  { name: 'run', args: ['run', 'gigafactory-100k-h100', '--trials', '200'] },
  // A sweep's report plots its database (--resume: the database may be there from an earlier run).
  {
    name: 'sweep',
    before: ['sweep', example('sweeps/llama3-405b-failures.yaml'), '--db', path.join(outDir, 'sweep.sqlite'), '--resume'],
    args: ['sweep', '--db', path.join(outDir, 'sweep.sqlite')],
  },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
const problems = [];
const lines = [];
for (const { name, before, args } of reports) {
  const report = path.join(outDir, `${name}-report.html`);
  if (before) execFileSync(gigasim, before, { stdio: 'ignore' });
  execFileSync(gigasim, [...args, '--report', report], { stdio: 'ignore' });
  const bytes = statSync(report).size;
  if (bytes > 3 * 1024 * 1024) problems.push(`${name}: report is ${bytes} bytes, over 3 MB`);

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  // Nothing may be fetched: the report is self-contained.
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const started = Date.now();
  await page.goto('file://' + report);
  await page.waitForSelector('body[data-rendered="yes"]', { timeout: 10000 });
  const elapsed = Date.now() - started;
  if (elapsed > 3000) problems.push(`${name}: rendered in ${elapsed} ms, over 3 s`);

  // Every chart: a canvas with pixels drawn (not one uniform colour).
  const charts = await page.$$eval('.chart', (elements) => elements.map((element) => {
    const canvas = element.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return { id: element.id, drawn: false };
    const context = canvas.getContext('2d');
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let first = -1;
    let varied = false;
    for (let i = 0; i < pixels.length; i += 4 * 97) {
      const value = pixels[i] * 65536 + pixels[i + 1] * 256 + pixels[i + 2] + pixels[i + 3] * 16777216;
      if (first < 0) first = value; else if (value !== first) { varied = true; break; }
    }
    return { id: element.id, drawn: varied };
  }));
  if (charts.length === 0) problems.push(`${name}: no charts`);
  for (const chart of charts) if (!chart.drawn) problems.push(`${name}: ${chart.id} drew nothing`);
  for (const error of consoleErrors) problems.push(`${name}: console: ${error}`);
  await page.screenshot({ path: path.join(outDir, `${name}-report.png`), fullPage: true });
  await page.close();
  lines.push(`${name}: ${charts.length} charts drawn, ${bytes} bytes, rendered in ${elapsed} ms`);
}
await browser.close();
if (problems.length > 0) {
  console.error('report test failed:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log('report test:\n  ' + lines.join('\n  '));
