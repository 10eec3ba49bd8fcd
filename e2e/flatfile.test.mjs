// The flat-file round trip on the demo tenant, as a person does it: export a source's accounts,
// edit the file, import it (the preview names new, changed, invalid rows and what an
// aggregation would remove), apply it row by row; and upload-and-aggregate, with the seed's
// trap (an API-made account removed by an old file) and the delete threshold. The tenant's
// state is read back after each.
import { test, before, after, beforeEach } from 'node:test';
import { readFileSync } from 'node:fs';
import { launch, newPage, control, connectWithPat, shot, textOf, assert, API, P, tenantToken, tenantAccounts, openFlatFile } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

const SOURCE = 'HR Feed (CSV)';

async function exportFile(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download accounts as CSV' }).click(),
  ]);
  await page.getByText(/^Exported \d+ accounts of /).waitFor();
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

async function importFile(page, name, text) {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

const lines = (text) => text.split('\r\n').filter((l) => l !== '');

/** Moves in page, as a link does (a full load would sign a PAT tab out). */
async function go(page, route) {
  await page.evaluate((r) => { history.pushState(null, '', r); dispatchEvent(new PopStateEvent('popstate')); }, route);
}

test('export, edit, import with a preview, apply row by row', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  const sid = await openFlatFile(page);
  const before = await tenantAccounts(sid);
  const { name, text } = await exportFile(page);
  assert.match(name, /^HR_Feed__CSV_-accounts\.csv$/);
  const rows = lines(text);
  assert.equal(rows[0], 'id,displayName,email,department,employeeNumber,startDate,active,groups');
  assert.equal(rows.length, before.length + 1, 'a row per account');
  // Multi-valued groups are joined by the file's delimiter, in quotes.
  assert.match(text, /,"[a-z]+-users,all-staff"\r\n/);

  // Nothing changed: importing the export says so.
  await importFile(page, name, text);
  await page.getByRole('heading', { name: `${name}: ${before.length} rows` }).waitFor();
  const counts = page.getByRole('list', { name: 'What the file changes' });
  assert.equal(await counts.textContent(), `New: 0Changed: 0Unchanged: ${before.length}Invalid: 0In ISC, not in the file: 0`);

  // Edit: rename the first, drop the second, add a new row and an invalid one.
  const cells = rows[1].split(',');
  const renamed = [cells[0], 'Renamed Person', ...cells.slice(2)].join(',');
  const dropped = rows[2].split(',')[0];
  const edited = [rows[0], renamed, ...rows.slice(3),
    'new.person,New Person,new@acme.example,Sales,4242,2026-02-01,true,"eng-users,all-staff"',
    'bad.number,Bad Number,bad@acme.example,Sales,forty,2026-02-01,true,'].join('\r\n') + '\r\n';
  await importFile(page, 'edited.csv', edited);
  await page.getByRole('heading', { name: `edited.csv: ${before.length + 1} rows` }).waitFor();
  assert.equal(await counts.textContent(), `New: 1Changed: 1Unchanged: ${before.length - 2}Invalid: 1In ISC, not in the file: 1`);
  const gone = page.getByRole('list', { name: 'Would be removed by an aggregation' });
  assert.match(await gone.textContent(), new RegExp(dropped.replace('.', '\\.')));
  const preview = page.getByRole('table', { name: 'Preview of the file' });
  await page.getByLabel('Show').selectOption('changed');
  await preview.getByRole('cell', { name: /displayName: .* → Renamed Person/ }).waitFor();
  await page.getByLabel('Show').selectOption('invalid');
  await preview.getByRole('cell', { name: /column employeeNumber: employeeNumber is an INT/ }).waitFor();
  // The whole reason, which the cell cuts, is a keypress away.
  const bad = preview.getByRole('row').filter({ hasText: 'bad.number' }).getByRole('button', { name: /^Details of row \d+$/ });
  await bad.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'ff-row-detail');
  assert.match(await page.locator('#ff-row-detail').textContent(), /bad\.number.*invalid.*employeeNumber is an INT: a whole number from -2147483648 to 2147483647\./s);
  await page.getByLabel('Show').selectOption('all');
  await shot(page, '100-flatfile-preview-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, '100-flatfile-preview-390');
  await page.setViewportSize({ width: 1280, height: 860 });

  // Upload-and-aggregate is held back while a row is invalid; row by row skips it.
  assert.equal(await page.getByRole('button', { name: 'Upload and aggregate…' }).isDisabled(), true);
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Apply 2 rows…' }).click();
  await page.getByRole('group', { name: 'Confirm apply' }).getByRole('button', { name: 'Apply' }).click();
  await page.getByText('2 rows applied, 0 failed, 0 not sent.', { exact: false }).waitFor({ timeout: 30_000 });
  const after = await tenantAccounts(sid);
  assert.equal(after.length, before.length + 1, 'one created, none removed (row by row never deletes)');
  const made = after.filter((a) => a.nativeIdentity === 'new.person');
  assert.equal(made.length, 1, 'exactly one new.person');
  assert.deepEqual(made[0].attributes.groups, ['eng-users', 'all-staff']);
  assert.equal(made[0].attributes.employeeNumber, 4242);
  assert.equal(after.find((a) => a.nativeIdentity === cells[0]).attributes.displayName, 'Renamed Person');
  assert.ok(after.some((a) => a.nativeIdentity === dropped), 'the row missing from the file is still there');
  assert.ok(!after.some((a) => a.nativeIdentity === 'bad.number'), 'the invalid row was not sent');
  const writes = (await control('GET', 'received')).filter((r) => r.path.startsWith(P.accounts) && (r.method === 'POST' || r.method === 'PUT'));
  assert.deepEqual(writes.map((w) => w.method).sort(), ['POST', 'PUT']);
  const report = page.getByRole('table', { name: 'Apply report' });
  await report.getByRole('cell', { name: 'new.person' }).waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report (CSV)' }).click()]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.match(csv, /^row,nativeIdentity,action,outcome,taskId,message\r\n/);
  assert.match(csv, /,new\.person,create,done,[0-9a-f]{32},created\r\n/);
  await shot(page, '101-flatfile-applied-1280');

  // The preview follows the tenant: the file is compared again, and nothing is left to apply.
  await page.getByText(/^Compared with the tenant again after the last write/).waitFor({ timeout: 15_000 });
  await page.getByText('Nothing left to apply: the tenant holds every valid row of the file as the file says.').waitFor();
  assert.match(await counts.textContent(), /^New: 0Changed: 0Unchanged: \d+Invalid: 1/);
  assert.equal(await page.getByRole('button', { name: 'Apply 0 rows…' }).isDisabled(), true);
  await report.getByRole('cell', { name: 'new.person' }).waitFor();

  // A plan made before somebody else wrote: read before writing, nothing is sent twice.
  await importFile(page, 'late.csv', `${rows[0]}\r\nlate.person,Late Person,late@acme.example,Sales,4343,2026-02-01,true,"eng-users,all-staff"\r\n`);
  await page.getByRole('button', { name: 'Apply 1 row…' }).waitFor();
  const tok = await tenantToken();
  const made2 = await fetch(`${API}${P.accounts}`, {
    method: 'POST', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ attributes: { sourceId: sid, id: 'late.person', displayName: 'Late Person' } }),
  });
  assert.equal(made2.status, 202);
  await new Promise((r) => setTimeout(r, 1500));
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Apply 1 row…' }).click();
  await page.getByRole('group', { name: 'Confirm apply' }).getByRole('button', { name: 'Apply' }).click();
  await page.getByText(/^Nothing sent: read before writing, the tenant already holds 1 row of this plan/).waitFor({ timeout: 30_000 });
  await report.getByRole('cell', { name: 'already in ISC, made earlier: the create was not sent' }).waitFor();
  const sent = (await control('GET', 'received')).filter((r) => r.path.startsWith(P.accounts) && (r.method === 'POST' || r.method === 'PUT'));
  assert.deepEqual(sent, [], 'nothing was sent the second time');
  assert.equal((await tenantAccounts(sid)).filter((a) => a.nativeIdentity === 'late.person').length, 1);
  assert.deepEqual(page.errors, []);
});

test('upload and aggregate: the export changes nothing, an old file removes what the API made, the threshold holds', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  const sid = await openFlatFile(page);
  const { name, text } = await exportFile(page);
  const before = await tenantAccounts(sid);

  // The seed's trap: an account made through the API...
  const tok = await tenantToken();
  const made = await fetch(`${API}${P.accounts}`, {
    method: 'POST', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ attributes: { sourceId: sid, id: 'api.made', displayName: 'API Made' } }),
  });
  assert.equal(made.status, 202);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await tenantAccounts(sid)).length, before.length + 1);
  // This tab shows the API-made account once, so that a later 404 can say what removed it.
  const madeId = (await tenantAccounts(sid)).find((a) => a.nativeIdentity === 'api.made').id;
  await go(page, `/accounts/${madeId}`);
  await page.getByRole('heading', { name: /^(API Made|api\.made)$/, level: 1 }).waitFor();
  await go(page, `/sources/${sid}/file`);
  await page.getByRole('heading', { name: 'Import a file' }).waitFor();
  // ...and the old file: the preview says plainly that an aggregation removes it.
  await importFile(page, name, text);
  await page.getByRole('heading', { name: '1 account in ISC is not in this file' }).waitFor();
  assert.match(await page.getByRole('list', { name: 'Would be removed by an aggregation' }).textContent(), /api\.made/);
  await page.getByRole('button', { name: 'Upload and aggregate…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm aggregation' });
  assert.match(await confirm.textContent(), /1 account that ISC holds and the file lacks will be removed/);
  await confirm.getByRole('button', { name: 'Upload and aggregate' }).click();
  await page.getByText(/The aggregation of HR Feed \(CSV\) completed/).waitFor({ timeout: 20_000 });
  const facts = page.getByRole('definition');
  const dl = page.locator('dl[aria-label="Aggregation counts"]');
  assert.match(await dl.textContent(), /Created0Updated0Removed1/);
  assert.ok(await facts.count() >= 4);
  const after = await tenantAccounts(sid);
  assert.equal(after.length, before.length);
  assert.ok(!after.some((a) => a.nativeIdentity === 'api.made'), 'the old file removed the API-made account');
  await shot(page, '102-flatfile-aggregated-1280');
  // Opened again, the account is said gone, and the tenant's tasks name the aggregation.
  await go(page, `/accounts/${madeId}`);
  await page.getByRole('heading', { name: 'Account not in ISC', level: 1 }).waitFor();
  await page.getByText(/^The tasks say so: an aggregation of this source completed .* removed 1 account since this tab last showed it\./).waitFor();
  await shot(page, '104-account-gone-1280');
  await page.getByRole('link', { name: "Open that aggregation's task" }).click();
  await page.getByRole('heading', { name: 'Aggregate from HR Feed (CSV)', level: 1 }).waitFor();
  await go(page, `/sources/${sid}/file`);
  await page.getByRole('heading', { name: 'Import a file' }).waitFor();

  // A file of one row would remove nearly all: past the threshold ISC skips the removal.
  const rows = lines(text);
  await importFile(page, 'one.csv', `${rows[0]}\r\n${rows[1]}\r\n`);
  await page.getByRole('heading', { name: `${before.length - 1} accounts in ISC are not in this file` }).waitFor();
  // Said before anything is sent: ISC will skip the removal, and which accounts would have gone.
  await page.getByText(/^ISC will skip the removal: \d+ of the source's \d+ accounts \(\d+ %\) are not in the file, more than its delete threshold of 10 %/).first().waitFor();
  assert.ok(await page.getByRole('list', { name: 'Would have been removed, but ISC skips the removal' }).getByRole('listitem').count() >= 1);
  await page.getByRole('button', { name: 'Upload and aggregate…' }).click();
  assert.match(await textOf(page.getByRole('group', { name: 'Confirm aggregation' })), /ISC will skip the removal/);
  await page.getByRole('group', { name: 'Confirm aggregation' }).getByRole('button', { name: 'Upload and aggregate' }).click();
  await page.getByText(/ended with WARNING/).waitFor({ timeout: 20_000 });
  assert.match(await page.getByRole('list', { name: "Messages of the aggregation's task" }).textContent(), /Delete threshold exceeded: \d+ of \d+ accounts .* delete threshold of 10%; the delete phase was skipped/);
  assert.equal((await tenantAccounts(sid)).length, before.length, 'nothing was removed');
  const load = (await control('GET', 'received')).filter((r) => r.path.endsWith('/load-accounts'));
  assert.equal(load.length, 2);
  assert.match(load[0].content_type, /^multipart\/form-data; boundary=/);
  await shot(page, '103-flatfile-threshold-1280');
  // The one 404 the browser logs is the tenant's answer for the removed account, read on purpose.
  assert.deepEqual(page.errors.filter((e) => !/status of 404 \(Not Found\)$/.test(e)), []);
  assert.equal(page.errors.length, 1);
});

test('a file that cannot be read says why and sends nothing', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await openFlatFile(page);
  await control('DELETE', 'received');
  const cases = [
    ['empty.csv', '', /is empty/],
    ['header.csv', 'id,displayName\r\n', /a header row and no accounts/],
    ['semi.csv', 'id;displayName\nada;A\n', /separated by semicolons \(;\) but this source reads commas/],
    ['noid.csv', 'displayName\nA\n', /no column id: it is the source's identity attribute/],
  ];
  for (const [name, text, why] of cases) {
    await importFile(page, name, text);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: name }).waitFor();
    assert.match(await alert.textContent(), why);
    assert.match(await alert.textContent(), /Nothing was sent\./);
  }
  // Not UTF-8 (Latin-1 é): the line is named.
  await page.getByLabel('CSV file').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from([...Buffer.from('id,displayName\nada,'), 0xe9, 0x0a]) });
  await page.getByRole('alert').filter({ hasText: 'latin1.csv' }).waitFor();
  assert.match(await page.getByRole('alert').textContent(), /Line 2 is not UTF-8 text/);
  // Duplicate native identities and ragged rows are invalid rows, never sent.
  await importFile(page, 'dups.csv', 'id,displayName\nada.x,A\nada.x,B\nzed,Z,extra\n');
  await page.getByRole('heading', { name: 'dups.csv: 3 rows' }).waitFor();
  assert.match(await page.getByRole('list', { name: 'What the file changes' }).textContent(), /Invalid: 3/);
  const writes = (await control('GET', 'received')).filter((r) => r.method !== 'GET' && r.path !== '/oauth/token');
  assert.deepEqual(writes, []);
  assert.deepEqual(page.errors, []);
});
