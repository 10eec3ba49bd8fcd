// A flat file's entitlements (issue 27, point 4): the entitlement schema on the source's page
// (its template downloaded, a CSV header uploaded as it), an entitlements file read row by row
// against it and the accounts on the flat-file page, loaded (load-entitlements) and its task
// followed, and an account's entitlements then saying what they are. Through Prism in both
// generations.
import { test, before, after, beforeEach } from 'node:test';
import { readFileSync } from 'node:fs';
import { launch, newPage, control, received, connectWithPat, shot, textOf, assert, API, P, GEN, tenantToken, tenantAccounts, focusIs, axeFindings, createSource } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

async function tenantGroupSchema(sid) {
  const tok = await tenantToken();
  const r = await fetch(`${API}${P.sources}/${sid}/schemas`, { headers: { Authorization: `Bearer ${tok}` } });
  return (await r.json()).find((s) => s.name === 'group');
}

async function openSource(page, name, opts = {}) {
  await connectWithPat(page, undefined, opts);
  await page.getByRole('table').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return page.url().split('/').pop();
}

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

test('the entitlement schema: its template downloaded, a header with a repeated column refused, another uploaded as it', async () => {
  const page = await newPage(browser);
  const sid = await openSource(page, 'HR Feed (CSV)');
  const section = page.getByRole('region', { name: 'Entitlement schema' });
  await section.getByRole('list', { name: 'Entitlement attributes' }).getByText('id (identity attribute: the value accounts hold)').waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Download the entitlement template' }).click()]);
  assert.equal(dl.suggestedFilename(), 'HR_Feed__CSV_-entitlements.csv');
  assert.equal(readFileSync(await dl.path(), 'utf8'), 'id,displayName,description\r\n');
  await section.getByText(/^Downloaded HR_Feed__CSV_-entitlements\.csv: the header ISC reads an entitlements file by \(id,displayName,description\)/).waitFor();
  await focusIs(page, 'ent-schema-outcome');

  await control('DELETE', 'received');
  await page.getByLabel('CSV file whose header names the entitlement attributes').setInputFiles(csv('twice.csv', 'id,name,ID\r\n'));
  await page.getByRole('alert').filter({ hasText: /^twice\.csv: The column ID appears twice \(columns 1 and 3\)\. Nothing was sent\.$/ }).waitFor();
  await page.getByLabel('CSV file whose header names the entitlement attributes').setInputFiles(csv('groups.csv', 'id,displayName,description,owner\r\neng,Eng,,\r\n'));
  const what = page.getByRole('list', { name: 'What the header does to the entitlement schema' });
  assert.equal(await textOf(what), 'Kept: id, displayName, descriptionAdded as STRING: ownerRemoved: none');
  assert.deepEqual((await received()).filter((c) => c.method !== 'GET' && c.path.includes('/sources')), [], 'nothing sent before the upload');
  await page.getByRole('button', { name: 'Upload as the entitlement template' }).click();
  await section.getByText(/^Entitlement schema made from groups\.csv: 3 kept, 1 added, 0 removed\./).waitFor();
  const held = await tenantGroupSchema(sid);
  assert.deepEqual(held.attributes.map((a) => a.name), ['id', 'displayName', 'description', 'owner']);
  const up = (await received()).filter((c) => c.method === 'POST' && c.path.includes('/sources'));
  assert.equal(up.length, 1, JSON.stringify(up.map((c) => c.path)));
  assert.match(up[0].path, /\/schemas\/entitlements$/);
  await section.getByRole('list', { name: 'Entitlement attributes' }).getByText('owner', { exact: true }).waitFor();
  assert.deepEqual(await axeFindings(page), []);
  await shot(page, '138-entitlement-schema-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await shot(page, '138-entitlement-schema-390');
  assert.deepEqual(await axeFindings(page), []);
  assert.deepEqual(page.errors, []);
});

test('an entitlements file: bad rows said on their line and nothing sent; a good one previewed against the accounts, loaded, followed, and accounts say what they hold', async () => {
  const page = await newPage(browser);
  // Signed in for the tab: the account page is opened by its address at the end.
  const sid = await openSource(page, 'HR Feed (CSV)', { keepToken: true });
  await page.getByRole('link', { name: 'Load entitlements from a file' }).click();
  await page.getByRole('heading', { name: 'Entitlements', level: 2 }).waitFor();
  await control('DELETE', 'received');
  await page.getByLabel('Entitlements file (CSV)').setInputFiles(csv('bad.csv', 'id,displayName,description\r\neng-users,Engineering,Code\r\n,Nobody,\r\neng-users,Again,\r\n'));
  const rows = page.getByRole('table', { name: 'Entitlements in the file, one row each' }).getByRole('row');
  await rows.nth(3).waitFor();
  assert.equal(await textOf(rows.nth(2).getByRole('cell').last()), 'id is empty: every entitlement needs a value.');
  assert.equal(await textOf(rows.nth(3).getByRole('cell').last()), 'id eng-users is on line 2 too: one row per entitlement.');
  await page.getByText('2 rows with a problem: nothing can be loaded until it is fixed.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Load entitlements…' }).isDisabled(), true);
  assert.deepEqual((await received()).filter((c) => c.method !== 'GET' && c.path.includes('/sources')), [], 'nothing sent');

  // The accounts of this source hold eng-users, all-staff, …; vpn is held by none.
  const accounts = await tenantAccounts(sid);
  const holders = accounts.filter((a) => (a.attributes.groups || []).includes('eng-users')).length;
  assert.ok(holders > 0);
  const file = 'id,displayName,description,colour\r\neng-users,Engineering,Builds and code,blue\r\nall-staff,All staff,"Everyone employed: intranet, mail and the staff handbook.",\r\nvpn,VPN,Remote access,\r\n';
  await page.getByLabel('Entitlements file (CSV)').setInputFiles(csv('groups.csv', file));
  await page.getByText(/^groups\.csv: 3 entitlements, 2 held by accounts of this source, 1 held by none\.$/).waitFor();
  await focusIs(page, 'ent-preview');
  const summary = page.getByRole('list', { name: 'What the entitlements file holds' });
  assert.match(await textOf(summary), /Columns the entitlement schema lacks \(ISC ignores them\): colour/);
  assert.match(await textOf(summary), /Held by accounts, not in the file: .*fin-users \(\d+ accounts?\).* The load removes such an entitlement from ISC; the accounts keep the value\./);
  assert.equal(await textOf(rows.nth(1).getByRole('cell').nth(4)), String(holders));
  assert.deepEqual(await axeFindings(page), []);
  await shot(page, '139-entitlements-preview-1280');

  await page.getByRole('button', { name: 'Load entitlements…' }).click();
  await focusIs(page, 'ent-load-cancel');
  const confirm = page.getByRole('group', { name: 'Confirm the entitlement load' });
  assert.match(await textOf(confirm.locator('p')), /^Load 3 entitlements from groups\.csv into .*HR Feed \(CSV\).*\? ISC makes the file the source's entitlements: any entitlement the file lacks is removed \(accounts hold \d+ values the file does not describe: they keep the value\)\.$/);
  await confirm.getByRole('button', { name: 'Load entitlements', exact: true }).click();
  await page.getByText(/^The entitlement load of .*HR Feed \(CSV\).* completed \(task [0-9a-f]{32}\)\.$/).waitFor({ timeout: 20000 });
  const counts = page.locator('dl[aria-label="Entitlement load counts"]');
  assert.match(await textOf(counts), /Entitlements read3Created1Updated1Removed3/);
  const load = (await received()).filter((c) => c.method === 'POST' && c.path.includes('/sources'));
  assert.equal(load.length, 1, JSON.stringify(load.map((c) => c.path)));
  assert.equal(load[0].path, GEN === 'v1' ? `/sources/v1/${sid}/load-entitlements` : `/beta/sources/${sid}/load-entitlements`);
  assert.match(load[0].content_type, /^multipart\/form-data; boundary=/);
  // The file is compared with the tenant again.
  await page.getByText(/^groups\.csv compared again with the tenant after the load: 3 entitlements/).waitFor();
  await shot(page, '139-entitlements-loaded-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, '139-entitlements-loaded-390');
  assert.deepEqual(await axeFindings(page), []);

  // An account holding eng-users now says what it is; fin-users left ISC's list and is bare.
  const acc = accounts.find((a) => (a.attributes.groups || []).includes('eng-users') && (a.attributes.groups || []).includes('all-staff'));
  await page.goto(page.url().replace(/\/sources\/.*$/, `/accounts/${acc.id}`));
  const ents = page.getByRole('list', { name: 'Entitlements of this account' });
  await ents.getByText('Builds and code').waitFor();
  assert.match(await textOf(ents), /Engineering \(groups = eng-users\)/);
  assert.match(await textOf(ents), /All staff \(groups = all-staff\)Everyone employed: intranet, mail and the staff handbook\./);
  assert.deepEqual(await axeFindings(page), []);
  await shot(page, '140-account-entitlements-390');
  await page.setViewportSize({ width: 1280, height: 860 });
  await ents.scrollIntoViewIfNeeded();
  await shot(page, '140-account-entitlements-1280');
  await ents.getByRole('link', { name: /^Source .*HR Feed \(CSV\)/ }).first().click();
  await page.getByRole('heading', { name: 'HR Feed (CSV)', level: 1 }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a new flat file: no entitlement attributes until a header defines them; the flat-file page says so and links back', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await createSource(page, 'Door Groups');
  const sid = page.url().split('/').pop();
  const section = page.getByRole('region', { name: 'Entitlement schema' });
  await section.getByText('No attributes yet: upload a CSV header below to define them.').waitFor();
  await section.getByRole('link', { name: 'Load entitlements from a file' }).click();
  await page.getByText(/^The entitlement schema group has no attributes yet:/).waitFor();
  assert.equal(await page.getByLabel('Entitlements file (CSV)').count(), 0);
  await page.getByRole('link', { name: "define them on the source's page" }).click();
  await page.getByLabel('CSV file whose header names the entitlement attributes').setInputFiles(csv('doors.csv', 'door,label\r\n'));
  await page.getByRole('button', { name: 'Upload as the entitlement template' }).click();
  await page.getByText(/^Entitlement schema made from doors\.csv: 0 kept, 2 added, 0 removed\./).waitFor();
  assert.equal((await tenantGroupSchema(sid)).identityAttribute, 'door');
  assert.deepEqual(page.errors, []);
});
