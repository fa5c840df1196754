// The HTTP API over loopback (issues 11 and 23): starts `gigasim serve --port 0` (a normal one, one
// with a tiny time limit for the cut-offs, and one to stop), then checks valid, invalid, oversized,
// slow and concurrent requests against the CLI's own --json, and the attacks a hostile client
// tried: many-part ranges, chunked bodies past the limit, duplicate Content-Length, slow clients
// holding connections, requests trickled past the deadline (408), connections past the bound (503),
// work past the time limit, clients leaving, SIGTERM mid-computation.
// Usage: node api_test.mjs GIGASIM
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
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

// Retries `attempt` every 50 ms until `wanted` holds of its result, for at most 5 s; returns the last.
const until = async (attempt, wanted) => {
  const started = Date.now();
  for (;;) {
    const result = await attempt();
    if (wanted(result) || Date.now() - started > 5000) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

// True when the server's one worker is taken: an estimate gets no answer within 300 ms (the
// client gives up, and the server drops the request).
const workerBusy = (url, body) => fetch(`${url}/api/estimate`, { method: 'POST', body, signal: AbortSignal.timeout(300) })
  .then(() => false, () => true);

// Sends `text` as it is on a fresh connection and returns what came back when the server closed it.
const raw = (url, text) => new Promise((resolve, reject) => {
  const socket = net.connect(new URL(url).port, '127.0.0.1', () => socket.end(text));
  let answer = '';
  socket.on('data', (chunk) => { answer += chunk; });
  socket.on('end', () => resolve(answer));
  socket.on('error', reject);
});

const main = await serve([]);
const slow = await serve(['--time-limit', '0.01', '--workers', '1']);
const checks = [];
const check = async (name, test) => {
  if (process.env.API_TEST_VERBOSE) console.error(`api test: ${name}`);
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

  await check('chunked body past the limit: 413', async () => {
    const piece = new Uint8Array(256 * 1024).fill(97);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= 4 * 1024 * 1024) controller.close();  // four times the limit
        else { controller.enqueue(piece); sent += piece.length; }
      },
    });
    const response = await fetch(`${main.url}/api/estimate`, { method: 'POST', body, duplex: 'half' });
    assert.equal(response.status, 413);
    assert.match((await response.json()).error, /over the server's 1048576 bytes/);
  });

  await check('a range of 100 parts: the whole file once, 200', async () => {
    const whole = await (await fetch(`${main.url}/echarts.min.js`)).arrayBuffer();
    const parts = Array.from({ length: 100 }, (_, i) => `${i * 10}-${i * 10 + 5}`).join(',');
    const response = await fetch(`${main.url}/echarts.min.js`, { headers: { Range: `bytes=${parts}` } });
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, whole.byteLength);
  });

  await check('Content-Length twice: 400', async () => {
    const answer = await raw(main.url,
      'POST /api/estimate HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.match(answer, /Content-Length: given more than once/);
  });

  await check('not UTF-8: 400 with the place, body and query alike', async () => {
    const body = Buffer.concat([Buffer.from('model: llama3-8b\nname: "ab'), Buffer.from([0x85]), Buffer.from('"\n')]);
    const answer = await post(`${main.url}/api/estimate`, body);
    assert.equal(answer.status, 400);
    assert.match(answer.json.error, /^body:2:10: byte 0x85 is not UTF-8 text/);
    const catalog = await fetch(`${main.url}/api/catalog?section=%ff`);
    assert.equal(catalog.status, 400);
    assert.match((await catalog.json()).error, /not UTF-8 text/);
  });

  await check('100 slow clients hold no thread: /healthz still answers at once', async () => {
    const port = new URL(main.url).port;
    const sockets = await Promise.all(Array.from({ length: 100 }, () => new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.write('P'); resolve(socket); });
      socket.on('error', () => {});
    })));
    try {
      const started = Date.now();
      const response = await fetch(`${main.url}/healthz`);
      assert.equal(response.status, 200);
      assert.ok(Date.now() - started < 1000, `/healthz took ${Date.now() - started} ms`);
      const estimate = await post(`${main.url}/api/estimate`, readFileSync(jobFile, 'utf8'));
      assert.equal(estimate.status, 200);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  await check('a request trickled in past --request-timeout: 408, headers or body', async () => {
    const bounded = await serve(['--request-timeout', '1']);
    try {
      const port = new URL(bounded.url).port;
      // A byte every 200 ms: never idle, never whole. The answer comes about a second in.
      const trickle = (start) => new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(start));
        const started = Date.now();
        const drip = setInterval(() => { if (!socket.destroyed) socket.write('a'); }, 200);
        let answer = '';
        socket.on('data', (chunk) => { answer += chunk; });
        socket.on('end', () => { clearInterval(drip); socket.destroy(); resolve({ answer, ms: Date.now() - started }); });
        socket.on('error', (error) => { clearInterval(drip); if (answer) resolve({ answer, ms: Date.now() - started }); else reject(error); });
      });
      for (const start of ['GET /heal', 'POST /api/estimate HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nmodel: ']) {
        const { answer, ms } = await trickle(start);
        assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
        assert.match(answer, /did not arrive whole within the server's 1 s/);
        assert.ok(ms >= 900 && ms < 3000, `answered after ${ms} ms`);
      }
    } finally {
      bounded.child.kill('SIGTERM');
    }
  });

  await check('a connection past --max-connections: 503 at once, and a place again once one goes', async () => {
    const bounded = await serve(['--max-connections', '2']);
    try {
      const port = new URL(bounded.url).port;
      const held = await Promise.all([0, 1].map(() => new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => {});
      })));
      // Both are accepted by the server's threads in their own time: asked until the answer is 503.
      const refused = await until(() => raw(bounded.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
        (answer) => answer.startsWith('HTTP/1.1 503'));
      assert.match(refused, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
      assert.match(refused, /the server holds its 2 connections/);
      for (const socket of held) socket.destroy();
      const health = await until(
        () => raw(bounded.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
        (answer) => answer.startsWith('HTTP/1.1 200'));
      assert.match(health, /^HTTP\/1\.1 200/);
    } finally {
      bounded.child.kill('SIGTERM');
    }
  });

  await check('simulate and run stop at the time limit: 422', async () => {
    const started = Date.now();
    const simulated = await post(`${slow.url}/api/simulate?full=true`, readFileSync(example('gigafactory-100k-h100.yaml'), 'utf8'));
    assert.equal(simulated.status, 422);
    assert.match(simulated.json.error, /^body: the simulation ran past the server's 0.01 s limit/);
    const run = await post(`${slow.url}/api/run?trials=100000&days=30`, readFileSync(jobFile, 'utf8'));
    assert.equal(run.status, 422);
    assert.match(run.json.error, /^body: the run ran past the server's 0.01 s limit/);
    assert.ok(Date.now() - started < 5000, 'the cut-offs answer promptly');
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
    assert.match(sized.json.error, /^body: the plan ran past the server's 0.01 s limit/);
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
  await check('a client that leaves frees its worker; SIGTERM stops the server mid-computation', async () => {
    const lone = await serve(['--workers', '1', '--time-limit', '600']);
    const job = readFileSync(example('gigafactory-100k-h100.yaml'), 'utf8');
    const leaving = new AbortController();
    const abandoned = fetch(`${lone.url}/api/simulate?full=true`, { method: 'POST', body: job, signal: leaving.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(await workerBusy(lone.url, readFileSync(jobFile, 'utf8')), 'the simulation holds the one worker');
    leaving.abort();
    await abandoned.catch(() => {});
    // The one worker is free again within the watcher's period, not after the 40 s simulation.
    const started = Date.now();
    const estimate = await post(`${lone.url}/api/estimate`, readFileSync(jobFile, 'utf8'));
    assert.equal(estimate.status, 200);
    assert.ok(Date.now() - started < 3000, `the next request waited ${Date.now() - started} ms`);
    // A computation under way when SIGTERM comes: the server is gone within two seconds, exit 0.
    fetch(`${lone.url}/api/simulate?full=true`, { method: 'POST', body: job }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(await workerBusy(lone.url, readFileSync(jobFile, 'utf8')), 'the simulation holds the one worker');
    const stopping = Date.now();
    lone.child.removeAllListeners('exit');  // serve()'s, which takes an exit for a failed start
    const exited = new Promise((resolve) => lone.child.on('exit', (code) => resolve(code)));
    lone.child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - stopping < 2000, `stopped in ${Date.now() - stopping} ms`);
  });
} finally {
  main.child.kill('SIGTERM');
  slow.child.kill('SIGTERM');
}
console.log(`api test: ${checks.length} checks passed (${checks.join('; ')})`);
process.exit(0);  // the servers finish their kept-alive connections on their own
