// Where the connect form's time goes (issue 26): the same cold loads as scripts/bench's
// connect_ms, of the console and of its floor, the page the console mounts saved as static
// HTML (same index.html, CSS and server, no script but the guard): what any page of that
// size costs this machine and browser before a line of the console runs. With PROFILE=1 it
// adds a CPU profile of the console's loads (functions by self and inclusive time; names need
// a build with WASM_OPT_NAMES=1, scripts/wasm-opt-all.mjs).
//
//   node bench/connect-anatomy.mjs            (the console served on APP, default :8181)
//   N=16 PROFILE=1 node bench/connect-anatomy.mjs
//
// The floor is served from target/connect-floor by a second isc-demo-server on FLOOR_PORT
// (default 8481; its API port is FLOOR_PORT + 1000).
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { launch, APP } from '../e2e/helpers.mjs';
import { watchConnectForm, readyAt } from './connect-ready.mjs';

const N = Number(process.env.N || 16);
const FLOOR_PORT = Number(process.env.FLOOR_PORT || 8481);
const FLOOR = `http://127.0.0.1:${FLOOR_PORT}`;
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };

const browser = await launch();

// The floor: the mounted page's body, inlined into index.html without the module scripts.
{
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${APP}/connect`);
  await page.waitForSelector('#tenant');
  const body = await page.evaluate(() => document.body.innerHTML);
  await ctx.close();
  rmSync('target/connect-floor', { recursive: true, force: true });
  cpSync('dist', 'target/connect-floor', { recursive: true });
  let html = readFileSync('target/connect-floor/index.html', 'utf8');
  html = html.replace(/ *<link rel="(modulepreload|preload)"[^>]*>\n/g, '')
    .replace(/ *<script type="module"[^>]*><\/script>\n/, '')
    .replace('<body></body>', `<body>${body}</body>`);
  writeFileSync('target/connect-floor/index.html', html);
  rmSync('target/connect-floor/index.html.gz', { force: true });
  rmSync('target/connect-floor/index.html.br', { force: true });
}
const server = spawn('target/release/isc-demo-server',
  ['--port', String(FLOOR_PORT + 1000), '--static-dir', 'target/connect-floor', '--static-port', String(FLOOR_PORT)],
  { stdio: 'ignore' });
for (let i = 0; i < 50; i++) {
  try { if ((await fetch(`${FLOOR}/connect`)).ok) break; } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}

// One cold load: navigation start → the connect form interactive (bench/connect-ready.mjs).
async function load(base, profile) {
  const ctx = await browser.newContext();
  await watchConnectForm(ctx);
  const page = await ctx.newPage();
  let cdp;
  if (profile) {
    cdp = await ctx.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${base}/connect`);
  const ms = await readyAt(page);
  const out = { ms, profile: profile ? (await cdp.send('Profiler.stop')).profile : null };
  await ctx.close();
  return out;
}

const times = { console: [], floor: [] };
for (let i = 0; i < N; i++) {
  times.console.push((await load(APP, false)).ms);
  times.floor.push((await load(FLOOR, false)).ms);
}
for (const [k, t] of Object.entries(times)) {
  console.log(`${k.padEnd(8)} median ${Math.round(median(t))} ms  (${t.map(Math.round).sort((a, b) => a - b).join(' ')})`);
}

if (process.env.PROFILE === '1') {
  const self = {}, incl = {};
  const runs = 6;
  for (let i = 0; i < runs; i++) {
    const { profile } = await load(APP, true);
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    const parent = new Map();
    for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x.id);
    const name = (id) => byId.get(id).callFrame.functionName || byId.get(id).callFrame.url.split('/').pop() || '(anonymous)';
    profile.samples.forEach((id, k) => {
      const d = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      self[name(id)] = (self[name(id)] || 0) + d;
      const seen = new Set();
      for (let p = id; p !== undefined; p = parent.get(p)) {
        if (!seen.has(name(p))) { seen.add(name(p)); incl[name(p)] = (incl[name(p)] || 0) + d; }
      }
    });
  }
  const top = (o, k) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([m, v]) => `${(v / runs).toFixed(1).padStart(7)} ms  ${m.slice(0, 120)}`).join('\n');
  console.log(`\nself time per load (profiled, ${runs} loads; the profiler slows wasm down)\n${top(self, 20)}`);
  console.log(`\ninclusive time per load\n${top(incl, 30)}`);
}

server.kill();
await browser.close();
