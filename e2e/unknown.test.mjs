// Writes whose outcome is unknown: the tenant carries the call out and then the answer is
// lost (the connection closes on a kept-alive connection, so the browser may send it again
// by itself), spoiled (504, a garbled body) or late past the client's time-out. For every
// write flow and each of these faults, the tenant's state afterwards is asserted (the change
// made exactly once, never twice), and the page says what the tenant holds.
import { test, before, after, beforeEach } from 'node:test';
import { readFileSync } from 'node:fs';
import { launch, newPage, control, received, shot, connectWithPat, tenantToken, tenantAccounts, tenantProfiles, openFlatFile, reviewNewCsvSource, fillNewHrAccount, assert, P, API, GEN, bypassContractCheck } from './helpers.mjs';

bypassContractCheck();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

const ALL = [
  { name: 'acted, then the connection closed', fault: { kind: 'acted_then_drop' } },
  { name: 'acted, then 504', fault: { kind: 'acted_then_status', status: 504 } },
  { name: 'acted, then a garbled answer', fault: { kind: 'acted_then_garbled' } },
  { name: 'acted, no answer within the time-out', fault: { kind: 'delay', ms: 9000 }, timeout: 5 },
];
// The classic paths run the lost-answer case only: the rest is the same code on other paths.
const FAULTS = GEN === 'v1' ? ALL : ALL.slice(0, 1);

async function tenantGet(path) {
  const tok = await tenantToken();
  return (await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${tok}` } })).json();
}

async function sourceIdOf(name) {
  const f = encodeURIComponent(`name eq "${name}"`);
  return (await tenantGet(`${P.sources}?filters=${f}`))[0].id;
}

/** Opens a source's page from the list; returns its id. */
async function openSource(page, name) {
  await page.getByRole('table').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return page.url().split('/').pop();
}

/** Opens the first enabled account of a flat-file source; returns its id and name. */
async function openAccount(page, source) {
  const sid = await sourceIdOf(source);
  const acc = (await tenantAccounts(sid)).find((a) => !a.disabled);
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByLabel('Source', { exact: true }).selectOption({ label: source });
  await page.getByRole('table').getByRole('link', { name: acc.name, exact: true }).first().click();
  await page.getByRole('heading', { name: acc.name, level: 1 }).waitFor();
  return acc;
}

const FLOWS = [
  {
    name: 'create a source',
    method: 'POST', path: P.sources,
    prepare: (page) => reviewNewCsvSource(page, 'Lost Answer Source'),
    act: (page) => page.getByRole('button', { name: 'Create source' }).click(),
    async told(page) {
      await page.getByRole('heading', { name: 'Lost Answer Source', level: 1 }).waitFor({ timeout: 30000 });
      return page.getByText(/The tenant did create source Lost Answer Source|Source Lost Answer Source created/).textContent();
    },
    async held() {
      const all = await tenantGet(`${P.sources}?limit=250`);
      assert.equal(all.filter((s) => s.name === 'Lost Answer Source').length, 1, 'exactly one source made');
    },
  },
  {
    name: 'create an account',
    method: 'POST', path: P.accounts,
    prepare: (page) => fillNewHrAccount(page, 'lost.answer', 'Lost Answer'),
    act: (page) => page.getByRole('button', { name: 'Create account' }).click(),
    async told(page) {
      await page.getByRole('heading', { name: 'Lost Answer', level: 1 }).waitFor({ timeout: 30000 });
      return page.getByText(/The tenant did create account lost\.answer|Account lost\.answer created/).textContent();
    },
    async held() {
      const mine = (await tenantAccounts(await sourceIdOf('HR Feed (CSV)'))).filter((a) => a.nativeIdentity === 'lost.answer');
      assert.equal(mine.length, 1, 'exactly one account made, never two');
    },
  },
  {
    name: 'disable an account',
    method: 'POST', path: `${P.accounts}/`,
    async prepare(page) { this.acc = await openAccount(page, 'Contractors (CSV)'); },
    act: (page) => page.getByRole('button', { name: 'Disable', exact: true }).click(),
    async told(page) {
      const line = page.getByText(/did carry out Disable on|Disable: task [0-9a-f]{32} finished: SUCCESS/);
      await line.waitFor({ timeout: 30000 });
      await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
      return line.textContent();
    },
    async held() {
      assert.equal((await tenantGet(`${P.accounts}/${this.acc.id}`)).disabled, true, 'the tenant holds it disabled');
    },
  },
  {
    name: 'update an account',
    method: 'PUT', path: `${P.accounts}/`,
    async prepare(page) {
      this.acc = await openAccount(page, 'Contractors (CSV)');
      await page.getByRole('button', { name: 'Edit attributes' }).click();
      await page.getByLabel(/^department \(/).fill('Lost Answer Dept');
    },
    act: (page) => page.getByRole('button', { name: 'Save' }).click(),
    async told(page) {
      // A PUT is idempotent: sent again by policy, or read back.
      const line = page.getByText(/did carry out Update on|Update: task [0-9a-f]{32} finished: SUCCESS/);
      await line.waitFor({ timeout: 30000 });
      await page.getByRole('cell', { name: 'Lost Answer Dept' }).waitFor();
      return line.textContent();
    },
    async held() {
      assert.equal((await tenantGet(`${P.accounts}/${this.acc.id}`)).attributes.department, 'Lost Answer Dept');
    },
  },
  {
    name: 'reload an account',
    method: 'POST', path: `${P.accounts}/`,
    async prepare(page) { this.acc = await openAccount(page, 'Contractors (CSV)'); },
    act: (page) => page.getByRole('button', { name: 'Reload', exact: true }).click(),
    async told(page) {
      // Nothing on the account shows a reload: the page says it cannot tell, and sends nothing more.
      const line = page.getByText(/Reload on .* may or may not have run \(nothing on the account shows it\): see Tasks|Reload: task [0-9a-f]{32} finished: SUCCESS/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const a = await tenantGet(`${P.accounts}/${this.acc.id}`);
      assert.equal(a.id, this.acc.id, 'the account is still there');
      assert.equal(a.disabled, this.acc.disabled, 'and unchanged');
    },
  },
  {
    name: 'delete an account',
    method: 'DELETE', path: `${P.accounts}/`,
    async prepare(page) {
      this.acc = await openAccount(page, 'Contractors (CSV)');
      await page.getByRole('button', { name: /^Delete…$/ }).click();
      await page.getByRole('group', { name: 'Confirm delete' }).getByLabel('Account name').fill(this.acc.name);
    },
    act: (page) => page.getByRole('button', { name: 'Delete account', exact: true }).click(),
    async told(page) {
      const line = page.getByText(/did carry out Delete on|deleted \(task [0-9a-f]{32} finished: SUCCESS/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const sid = await sourceIdOf('Contractors (CSV)');
      assert.equal((await tenantAccounts(sid)).filter((a) => a.id === this.acc.id).length, 0, 'the account is gone');
    },
  },
  {
    name: 'aggregate a source',
    method: 'POST', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await sourceIdOf('Workday');
      this.count = (await tenantAccounts(this.sid)).length;
      await page.getByRole('table').getByRole('link', { name: 'Workday', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Workday' }).waitFor();
      await page.getByRole('link', { name: 'Aggregate', exact: true }).click();
      await page.getByRole('button', { name: 'Aggregate now…' }).click();
    },
    act: (page) => page.getByRole('group', { name: 'Confirm aggregation' }).getByRole('button', { name: 'Aggregate', exact: true }).click(),
    async told(page) {
      const line = page.getByText(/The aggregation of Workday completed \(task [0-9a-f]{32}\)/);
      await line.waitFor({ timeout: 45000 });
      return line.textContent();
    },
    async held() {
      const f = encodeURIComponent(`sourceId eq "${this.sid}"`);
      const done = await tenantGet(`${GEN === 'v1' ? '/task-status/v1' : '/beta/task-status'}?filters=${f}`);
      assert.ok(done.length >= 1, 'the tenant ran the aggregation');
      assert.equal((await tenantAccounts(this.sid)).length, this.count, 'and its accounts are as they were');
    },
  },
  {
    name: 'change source settings',
    method: 'PATCH', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('button', { name: 'Change settings…' }).click();
      await page.getByLabel('Delete threshold (%)').fill('33');
      await page.getByRole('button', { name: 'Review the change' }).click();
    },
    act: (page) => page.getByRole('button', { name: 'Save the settings' }).click(),
    async told(page) {
      const line = page.getByText(/^Settings saved/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      assert.equal((await tenantGet(`${P.sources}/${this.sid}`)).deleteThreshold, 33);
    },
  },
  {
    name: 'save the account schema',
    method: 'PATCH', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('button', { name: 'Edit the schema…' }).click();
      await page.getByRole('button', { name: 'Add an attribute' }).click();
      await page.keyboard.type('floor');
      await page.getByRole('button', { name: 'Review the change' }).click();
    },
    act: (page) => page.getByRole('button', { name: 'Save the schema' }).click(),
    async told(page) {
      const line = page.getByText(/^Schema saved/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const list = await tenantGet(`${P.sources}/${this.sid}/schemas`);
      const names = list.find((s) => s.name === 'account').attributes.map((a) => a.name);
      assert.equal(names.filter((n) => n === 'floor').length, 1, 'the attribute added once');
    },
  },
  {
    name: 'upload the account schema template',
    method: 'POST', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByLabel('CSV file whose header names the attributes').setInputFiles({ name: 'badges.csv', mimeType: 'text/csv', buffer: Buffer.from('id,displayName,floor\r\n') });
    },
    act: (page) => page.getByRole('button', { name: 'Upload as the schema template' }).click(),
    async told(page) {
      const line = page.getByText(/^(The answer was lost, but the schema read back holds the upload\. )?Schema made from badges\.csv/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const list = await tenantGet(`${P.sources}/${this.sid}/schemas`);
      assert.deepEqual(list.find((s) => s.name === 'account').attributes.map((a) => a.name), ['id', 'displayName', 'floor']);
    },
  },
  {
    name: 'upload the entitlement schema template',
    method: 'POST', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByLabel('CSV file whose header names the entitlement attributes').setInputFiles({ name: 'doors.csv', mimeType: 'text/csv', buffer: Buffer.from('id,displayName,building\r\n') });
    },
    act: (page) => page.getByRole('button', { name: 'Upload as the entitlement template' }).click(),
    async told(page) {
      const line = page.getByText(/^(The answer was lost, but the schema read back holds the upload\. )?Entitlement schema made from doors\.csv/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const list = await tenantGet(`${P.sources}/${this.sid}/schemas`);
      assert.deepEqual(list.find((s) => s.name === 'group').attributes.map((a) => a.name), ['id', 'displayName', 'building']);
    },
  },
  {
    name: 'load entitlements',
    method: 'POST', path: GEN === 'v1' ? `${P.sources}/` : '/beta/sources/',
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('link', { name: 'Load entitlements from a file' }).click();
      await page.getByLabel('Entitlements file (CSV)').setInputFiles({ name: 'groups.csv', mimeType: 'text/csv', buffer: Buffer.from('id,displayName,description\r\nall-staff,All staff,Lost answer staff\r\n') });
      await page.getByRole('button', { name: 'Load entitlements…' }).click();
    },
    act: (page) => page.getByRole('group', { name: 'Confirm the entitlement load' }).getByRole('button', { name: 'Load entitlements', exact: true }).click(),
    async told(page) {
      const line = page.getByText(/The entitlement load of .*Badge Access \(CSV\).* completed \(task [0-9a-f]{32}\)/);
      await line.waitFor({ timeout: 45000 });
      return line.textContent();
    },
    async held() {
      const f = encodeURIComponent(`sourceId eq "${this.sid}"`);
      const done = await tenantGet(`${GEN === 'v1' ? '/task-status/v1' : '/beta/task-status'}?filters=${f}`);
      // The browser itself sends a POST again when its kept-alive connection closes: the same
      // file loaded twice, the second run changes nothing.
      const loads = done.filter((t) => /^Aggregate entitlements/.test(t.description));
      assert.ok(loads.length >= 1, 'the tenant ran the load');
      const sum = (k) => loads.reduce((n, t) => n + t.attributes[k], 0);
      // all-staff described anew, the 4 other seeded entitlements removed: once, whatever ran.
      assert.deepEqual([sum('groupsCreated'), sum('groupsUpdated'), sum('groupsDeleted')], [0, 1, 4], 'the file made the change once');
      const acc = (await tenantAccounts(this.sid)).find((a) => (a.attributes.groups || []).includes('all-staff'));
      const ents = await tenantGet(`${P.accounts}/${acc.id}/entitlements`);
      assert.equal(ents.find((e) => e.value === 'all-staff').description, 'Lost answer staff');
    },
  },
  {
    name: 'set the correlation of a source',
    method: 'PUT', path: GEN === 'v1' ? `${P.sources}/` : '/beta/sources/',
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('button', { name: 'Edit the correlation…' }).click();
      await page.getByRole('button', { name: 'Add a pair' }).click();
      await page.getByLabel('Identity attribute').selectOption('uid');
      await page.getByLabel('Account attribute').selectOption('id');
      await page.getByRole('button', { name: 'Review the change' }).click();
    },
    act: (page) => page.getByRole('button', { name: 'Save the correlation' }).click(),
    async told(page) {
      const line = page.getByText(/^Correlation saved/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const path = GEN === 'v1' ? `${P.sources}/${this.sid}/correlation-config` : `/beta/sources/${this.sid}/correlation-config`;
      const c = await tenantGet(path);
      assert.deepEqual(c.attributeAssignments.map((a) => [a.property, a.value]), [['uid', 'id']]);
    },
  },
  {
    name: 'remove all accounts of a source',
    method: 'POST', path: GEN === 'v1' ? `${P.sources}/` : '/beta/sources/',
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('button', { name: 'Remove all accounts…' }).click();
    },
    act: (page) => page.getByRole('group', { name: 'Confirm remove all accounts' }).getByRole('button', { name: /^Remove \d+ accounts$/ }).click(),
    async told(page) {
      const line = page.getByText(/^Remove all accounts: task [0-9a-f]{32} finished: SUCCESS|the removal landed/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      assert.deepEqual(await tenantAccounts(this.sid), [], 'the source holds no account');
    },
  },
  {
    name: 'delete a source',
    method: 'DELETE', path: `${P.sources}/`,
    async prepare(page) {
      this.sid = await openSource(page, 'Badge Access (CSV)');
      await page.getByRole('button', { name: 'Delete the source…' }).click();
      await page.getByLabel('Source name').fill('Badge Access (CSV)');
    },
    act: (page) => page.getByRole('button', { name: 'Delete source', exact: true }).click(),
    async told(page) {
      const line = page.getByText(/^Source .*Badge Access \(CSV\).* deleted/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const tok = await tenantToken();
      assert.equal((await fetch(`${API}${P.sources}/${this.sid}`, { headers: { Authorization: `Bearer ${tok}` } })).status, 404, 'the source is gone');
    },
  },
  {
    name: 'apply a priority plan',
    method: 'PATCH', path: `${P.profiles}/`,
    async prepare(page) {
      await page.getByRole('link', { name: 'Identity profiles' }).click();
      await page.getByRole('listitem', { name: /^Employees, priority 10$/ }).focus();
      await page.keyboard.press('Alt+ArrowDown');
      await page.getByRole('button', { name: 'Apply…' }).click();
    },
    act: (page) => page.getByRole('button', { name: 'Apply now' }).click(),
    async told(page) {
      const line = page.getByText(/Read back from the tenant: (the call that failed did land|its order is the wanted one)/);
      await line.waitFor({ timeout: 30000 });
      return line.textContent();
    },
    async held() {
      const ps = await tenantProfiles();
      assert.notEqual(ps[0].name, 'Employees', 'the move landed');
      assert.equal(new Set(ps.map((p) => p.priority)).size, ps.length, 'no two profiles share a priority');
    },
  },
];

/** Sets the client's time-out on the Connection page, as a person does, and comes back. */
async function setTimeoutTo(page, s) {
  await page.getByRole('link', { name: /^Connected: / }).click();
  const field = page.getByLabel('Time-out per call (seconds)');
  await field.fill('2');
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  await page.getByText('The time-out must be between 5 and 600 seconds.').waitFor();
  assert.equal(await field.inputValue(), '2', 'what was typed is kept');
  await field.fill(String(s));
  await field.press('Enter');
  await page.getByText(`Time-out set to ${s} s for every call from now on.`).waitFor();
  await page.getByRole('link', { name: 'Sources' }).first().click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
}

for (const flow of FLOWS) {
  for (const f of FAULTS) {
    test(`${flow.name} · ${f.name}`, async () => {
      const page = await newPage(browser);
      await connectWithPat(page);
      await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
      if (f.timeout) await setTimeoutTo(page, f.timeout);
      await flow.prepare(page);
      await control('POST', 'faults', [{ method: flow.method, path_prefix: flow.path, ...f.fault }]);
      await control('DELETE', 'received');
      await flow.act(page);
      const said = await flow.told(page);
      assert.ok(said, 'the page says what the tenant holds');
      await page.waitForTimeout(1500); // a late resend would show in the tenant's state
      await flow.held();
      const sent = (await received()).filter((c) => c.method === flow.method && c.path.startsWith(flow.path));
      // Printed for the closing note: whether the browser sent the write again by itself.
      console.log(`# ${GEN} · ${flow.name} · ${f.name}: the tenant got ${sent.length} ${flow.method} (${sent.map((c) => c.status)}); the page said: ${said.trim().slice(0, 120)}`);
      if (flow.name === 'create an account' && f.fault.kind === 'acted_then_drop') await shot(page, '110-lost-answer-create');
      assert.deepEqual(page.errors.filter((e) => !/Failed to load resource|net::ERR|status of (4|5)\d\d/.test(e)), []);
      await page.close();
    });
  }
}

// The flat-file import, row by row: 8 new rows, 2 of whose creates meet the fault. Every row
// ends applied, each account made once.
for (const f of FAULTS) {
  test(`import a flat file row by row · ${f.name}`, async () => {
    const page = await newPage(browser);
    await connectWithPat(page);
    await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
    if (f.timeout) await setTimeoutTo(page, f.timeout);
    const sid = await openFlatFile(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download accounts as CSV' }).click(),
    ]);
    await page.getByText(/^Exported \d+ accounts of /).waitFor();
    const text = readFileSync(await download.path(), 'utf8');
    const rows = Array.from({ length: 8 }, (_, k) => `lost.${k},Lost ${k},l${k}@acme.example,Sales,${7000 + k},2026-02-01,true,"eng-users,all-staff"`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'lost.csv', mimeType: 'text/csv', buffer: Buffer.from(text + rows.join('\r\n') + '\r\n') });
    await page.locator('#ff-summary').waitFor();
    await control('POST', 'faults', [{ method: 'POST', path_prefix: P.accounts, skip: 2, times: 2, ...f.fault }]);
    await page.getByRole('button', { name: /^Apply \d+ rows…$/ }).click();
    await page.getByRole('group', { name: 'Confirm apply' }).getByRole('button', { name: 'Apply' }).click();
    const outcome = page.getByText(/rows applied, \d+ failed, \d+ not sent\./);
    await outcome.waitFor({ timeout: 90000 });
    const said = await outcome.textContent();
    const natives = (await tenantAccounts(sid)).map((a) => a.nativeIdentity).filter((n) => n.startsWith('lost.'));
    console.log(`# ${GEN} · flat-file import · ${f.name}: ${natives.length} made; the page said: ${said.trim()}`);
    assert.match(said, /^8 rows applied, 0 failed, 0 not sent\./);
    assert.equal(natives.length, 8, 'every row made');
    assert.equal(new Set(natives).size, 8, 'none twice');
    assert.equal(await page.getByText(/native identities have two accounts on this source/).count(), 0);
    await page.close();
  });
}
