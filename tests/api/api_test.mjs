// The HTTP API over loopback (issue 11): starts `gigasim serve --port 0` twice (a normal one, and
// one with a tiny time limit for the cut-off), then checks valid, invalid, oversized, slow and
// concurrent requests against the CLI's own --json. Usage: node api_test.mjs GIGASIM
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const [gigasim] = process.argv.slice(2);
const example = (file) => path.join(root, 'examples', file);

function serve(extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(gigasim, ['serve', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = output.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) resolve({ child, url: `http://127.0.0.1:${found[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`gigasim serve exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error('gigasim serve did not start in 10 s')), 10000);
  });
}

const post = async (url, body) => {
  const response = await fetch(url, { method: 'POST', body });
  return { status: response.status, type: response.headers.get('content-type'), json: await response.json() };
};

const main = await serve([]);
const slow = await serve(['--time-limit', '0.01', '--workers', '1']);
const checks = [];
const check = async (name, test) => {
  await test();
  checks.push(name);
};
try {
  await check('healthz', async () => {
    const response = await fetch(`${main.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  const jobFile = example('llama3-8b-8xh100.yaml');
  const cli = JSON.parse(execFileSync(gigasim, ['estimate', jobFile, '--json'], { encoding: 'utf8' }));
  await check('estimate equals the CLI', async () => {
    const answer = await post(`${main.url}/api/estimate`, readFileSync(jobFile, 'utf8'));
    assert.equal(answer.status, 200);
    assert.match(answer.type, /application\/json/);
    assert.deepEqual(answer.json, cli);
  });

  await check('a JSON body is YAML', async () => {
    const job = { model: 'llama3-8b', cluster: { gpu: 'h100-sxm', gpus: 8 }, parallelism: { tp: 2, global_batch: 64 } };
    const yaml = 'model: llama3-8b\ncluster: { gpu: h100-sxm, gpus: 8 }\nparallelism: { tp: 2, global_batch: 64 }\n';
    const fromJson = await post(`${main.url}/api/estimate`, JSON.stringify(job));
    const fromYaml = await post(`${main.url}/api/estimate`, yaml);
    assert.equal(fromJson.status, 200);
    assert.deepEqual(fromJson.json, fromYaml.json);
  });

  await check('invalid input: located messages, 400', async () => {
    const answer = await post(`${main.url}/api/estimate`, 'model: nope\n');
    assert.equal(answer.status, 400);
    assert.match(answer.json.error, /^body:1:8: model: no model named 'nope'/);
    assert.ok(answer.json.problems.length >= 2);
  });

  await check('bad query parameter: 400', async () => {
    const answer = await post(`${main.url}/api/run?trials=lots`, readFileSync(jobFile, 'utf8'));
    assert.equal(answer.status, 400);
    assert.match(answer.json.error, /^query parameter trials: 'lots'/);
  });

  await check('NaN and infinity are no numbers: 400', async () => {
    for (const query of ['run?days=nan', 'run?days=inf', 'search?deadline_days=nan']) {
      const answer = await post(`${main.url}/api/${query}`, readFileSync(jobFile, 'utf8'));
      assert.equal(answer.status, 400, query);
      assert.match(answer.json.error, /^query parameter (days|deadline_days): '(nan|inf)' is not a number from/, query);
    }
  });

  await check('unknown endpoint: 404 as JSON', async () => {
    const answer = await post(`${main.url}/api/train`, 'x: 1');
    assert.equal(answer.status, 404);
    assert.match(answer.json.error, /no endpoint \/api\/train/);
  });

  await check('oversized body: 413 as JSON', async () => {
    const answer = await post(`${main.url}/api/estimate`, 'a'.repeat(2 * 1024 * 1024));
    assert.equal(answer.status, 413);
    assert.match(answer.json.error, /over the server's 1048576 bytes/);
  });

  await check('slow search: cut off, 422', async () => {
    const started = Date.now();
    const answer = await post(`${slow.url}/api/search`, readFileSync(example('search/llama3-405b-16k-h100.yaml'), 'utf8'));
    assert.equal(answer.status, 422);
    assert.match(answer.json.error, /^body: the layout search ran past the server's 0.01 s limit/);
    assert.ok(Date.now() - started < 5000, 'the cut-off answers promptly');
    // A plan sizing its cluster runs many searches: cut off too, not reported as bad input.
    const sized = await post(`${slow.url}/api/plan`,
      readFileSync(example('scenarios/llama3-405b-54-days-austin.yaml'), 'utf8'));
    assert.equal(sized.status, 422);
    assert.match(sized.json.error, /^body: the layout search ran past the server's 0.01 s limit/);
  });

  await check('plan, run and catalog answer', async () => {
    const scenario = readFileSync(path.join(root, 'data/scenarios/gigafactory-100k-h100.yaml'), 'utf8');
    const plan = await post(`${main.url}/api/plan`, scenario);
    assert.equal(plan.status, 200);
    assert.equal(plan.json.cluster_build.gpus, 100000);
    const report = await fetch(`${main.url}/api/plan?report=html`, { method: 'POST', body: scenario });
    assert.match(report.headers.get('content-type'), /text\/html/);
    assert.match(await report.text(), /<script id="gigasim-data"/);
    const view = await post(`${main.url}/api/plan?view=page`, scenario);
    assert.deepEqual(view.json.data, plan.json);
    assert.ok(view.json.charts.length >= 8 && view.json.brief.startsWith('Plan: gigafactory-100k-h100'));
    const run = await post(`${main.url}/api/run?trials=50&seed=3`, scenario);
    assert.equal(run.status, 200);
    const cliRun = JSON.parse(execFileSync(gigasim,
      ['run', 'gigafactory-100k-h100', '--trials', '50', '--seed', '3', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(run.json.wall_days, cliRun.wall_days);
    const catalog = await (await fetch(`${main.url}/api/catalog?section=gpus`)).json();
    assert.ok('h100-sxm' in catalog.gpus);
  });

  await check('the planner page, its scripts and sites; nothing else from disk', async () => {
    const page = await fetch(`${main.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /gigasim planner/);
    assert.equal((await fetch(`${main.url}/report-charts.js`)).status, 200);
    const sites = await (await fetch(`${main.url}/api/sites`)).json();
    assert.ok(sites.sites.some((site) => site.name === 'memphis-tn'));
    for (const probe of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/web/planner.html', '/CMakeLists.txt']) {
      const response = await fetch(`${main.url}${probe}`);
      assert.equal(response.status, 404, probe);
      assert.match((await response.json()).error, /no such endpoint/);
    }
  });

  await check('a second server on a port in use: exit 2 with a message', async () => {
    const port = new URL(main.url).port;
    let failure = null;
    try {
      execFileSync(gigasim, ['serve', '--port', port], { encoding: 'utf8', stdio: 'pipe', timeout: 5000 });
    } catch (error) {
      failure = error;
    }
    assert.ok(failure, 'the second server must not start');
    assert.equal(failure.status, 2);
    assert.match(failure.stderr, /cannot listen on 127\.0\.0\.1:\d+ \(in use/);
  });

  await check('40 concurrent estimates: all 200, all alike', async () => {
    const body = readFileSync(jobFile, 'utf8');
    const answers = await Promise.all(Array.from({ length: 40 }, () => post(`${main.url}/api/estimate`, body)));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, cli);
    }
  });
} finally {
  main.child.kill('SIGTERM');
  slow.child.kill('SIGTERM');
}
console.log(`api test: ${checks.length} checks passed (${checks.join('; ')})`);
process.exit(0);  // the servers finish their kept-alive connections on their own
