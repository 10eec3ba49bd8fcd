#!/usr/bin/env node
// Reads the log of a Stoplight Prism proxy (`prism proxy SPEC UPSTREAM`) that the e2e suite's
// traffic went through, and fails on any request or response violation that is not one of the
// documented spec defects in e2e/contract-ignore.json (each ignored by its exact message, with
// the reason). Prints the figures: requests checked, violations, ignored, unexpected.
//   node scripts/contract-check.mjs NAME PRISM_LOG
import { readFileSync } from 'node:fs';

const [name, logPath] = process.argv.slice(2);
if (!name || !logPath) {
  console.error('usage: contract-check.mjs NAME PRISM_LOG');
  process.exit(2);
}
const ignore = JSON.parse(readFileSync(new URL('../e2e/contract-ignore.json', import.meta.url), 'utf8'));
// Array positions in body paths (`response.body.12.description`) vary run to run: read as [i].
const normal = (m) => m.replace(/(^|[\s.])\d+(?=[.\s])/g, '$1[i]');
const known = new Map(ignore.map((e) => [e.message, e]));

let request = '(before any request)';
let requests = 0;
const unexpected = [];
const ignored = new Map();
for (const line of readFileSync(logPath, 'utf8').split('\n')) {
  const req = line.match(/\[HTTP SERVER\] (\w+) (\S+) .*Request received/);
  if (req) {
    request = `${req[1].toUpperCase()} ${req[2]}`;
    requests += 1;
    continue;
  }
  const v = line.match(/Violation: (.*)$/);
  if (!v) continue;
  const message = normal(v[1].trim());
  // An entry with `request` is known only on the requests it names (`GET /Users`).
  const entry = known.get(message);
  if (entry && (!entry.request || request.startsWith(entry.request))) {
    ignored.set(message, (ignored.get(message) || 0) + 1);
  } else {
    unexpected.push(`${request}: ${message}`);
  }
}
const nIgnored = [...ignored.values()].reduce((a, b) => a + b, 0);
console.log(`contract ${name}: ${requests} requests checked, ${nIgnored + unexpected.length} violations, ${nIgnored} documented spec defects, ${unexpected.length} unexpected`);
for (const [m, n] of ignored) console.log(`  ignored ${n} x ${m}  (${known.get(m).why})`);
for (const u of unexpected) console.log(`  UNEXPECTED ${u}`);
if (requests === 0) {
  console.log('  no request went through the proxy: nothing was checked');
  process.exit(1);
}
process.exit(unexpected.length ? 1 : 0);
