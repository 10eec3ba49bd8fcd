// Setting a source up (issue 27): a new Delimited File source has an empty account schema; it
// is made from a CSV header (schema template upload), then edited by hand (JSON Patch), and New
// account follows it at once. Bad input gets a sentence beside its field and nothing is sent.
// Through Prism in both generations, like the rest.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, connectWithPat, shot, textOf, assert, API, P, tenantToken, tenantAccounts, reviewNewCsvSource, focusIs } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

/** The tenant's account schema of a source, read straight from the demo-tenant server. */
async function tenantSchema(sid) {
  const tok = await tenantToken();
  const r = await fetch(`${API}${P.sources}/${sid}/schemas`, { headers: { Authorization: `Bearer ${tok}` } });
  return (await r.json()).find((s) => s.name === 'account');
}

async function newFlatFile(page, name) {
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await reviewNewCsvSource(page, name);
  await page.getByRole('button', { name: 'Create source' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return page.url().split('/').pop();
}

test('a new flat file: its empty schema made from a CSV header, one attribute added by hand as the display attribute, and New account shows exactly those fields', async () => {
  const page = await newPage(browser);
  const sid = await newFlatFile(page, 'Badge Readers');
  await page.getByText(/^This schema has no attributes yet/).waitFor();
  assert.deepEqual((await tenantSchema(sid)).attributes, []);
  await shot(page, '120-schema-empty-1280');

  // A header with an empty column is refused, naming it; nothing is sent.
  await control('DELETE', 'received');
  await page.getByLabel("CSV file whose header names the attributes").setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('login,,name\r\n') });
  await page.getByText('bad.csv: Column 2 has no name. Nothing was sent.').waitFor();
  await page.getByLabel("CSV file whose header names the attributes").setInputFiles({ name: 'twice.csv', mimeType: 'text/csv', buffer: Buffer.from('login,name,Login\r\n') });
  await page.getByText(/^twice\.csv: The column Login appears twice \(columns 1 and 3\)\./).waitFor();

  // The header proposed, then uploaded as the schema template.
  await page.getByLabel("CSV file whose header names the attributes").setInputFiles({ name: 'badges.csv', mimeType: 'text/csv', buffer: Buffer.from('login,fullName,badgeNo\r\nada,Ada Lovelace,17\r\n') });
  const proposal = page.getByRole('list', { name: 'What the header does to the schema' });
  assert.equal(await textOf(proposal), 'Kept: noneAdded as STRING: login, fullName, badgeNoRemoved: none');
  assert.equal((await received()).filter((c) => c.method !== 'GET').length, 0, 'nothing sent before the upload');
  await page.getByRole('button', { name: 'Upload as the schema template' }).click();
  await page.getByText(/^Schema made from badges\.csv: 0 kept, 3 added, 0 removed\./).waitFor();
  await focusIs(page, 'schema-outcome');
  let held = await tenantSchema(sid);
  assert.deepEqual(held.attributes.map((a) => a.name), ['login', 'fullName', 'badgeNo']);
  assert.equal(held.identityAttribute, 'login');
  const upload = (await received()).filter((c) => c.method === 'POST' && c.path.endsWith('/schemas/accounts'));
  assert.equal(upload.length, 1);
  assert.match(upload[0].content_type, /^multipart\/form-data; boundary=/);

  // Bad edits: a repeated name and a multi-valued identity attribute, each said beside its field.
  await page.getByRole('button', { name: 'Edit the schema…' }).click();
  await focusIs(page, 'schema-edit-h');
  await page.getByRole('button', { name: 'Add an attribute' }).click();
  await focusIs(page, 'attr-name-3');
  await page.keyboard.type('LOGIN');
  await page.getByLabel('Multi-valued').first().check();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.getByText('LOGIN is already the name of attribute 1 (names are unique, whatever the case).').waitFor();
  await page.getByText('login is multi-valued: the identity attribute holds one value.').waitFor();
  assert.equal(await page.locator('#attr-name-3').getAttribute('aria-invalid'), 'true');
  await page.getByRole('status').filter({ hasText: /^2 fields need attention; nothing was sent\.$/ }).waitFor();
  assert.equal((await received()).filter((c) => c.method !== 'GET').length, 0, 'nothing sent');

  // Fixed: the new attribute named dept, made the display attribute; reviewed as JSON Patch.
  await page.getByLabel('Multi-valued').first().uncheck();
  await page.locator('#attr-name-3').fill('dept');
  await page.locator('#attr-desc-3').fill('Department');
  await page.getByLabel('Display attribute (the name an account is shown by)').selectOption('dept');
  await page.getByRole('button', { name: 'Review the change' }).click();
  const review = page.getByRole('region', { name: 'The change to send' });
  await review.waitFor();
  await focusIs(page, 'schema-review');
  const ops = JSON.parse(await review.locator('pre').first().textContent());
  assert.deepEqual(ops.map((o) => [o.op, o.path]), [['add', '/attributes/-'], ['replace', '/displayAttribute']]);
  assert.match(await textOf(review.locator('p').first()), new RegExp(`^PATCH ${P.sources.replace(/\//g, '\\/')}/\\{?[0-9a-f]+`));
  await shot(page, '121-schema-review-1280');
  await page.getByRole('button', { name: 'Save the schema' }).click();
  await page.getByText(/^Schema saved \(2 operations\)\. New account and the flat-file import use the schema at once/).waitFor();
  await focusIs(page, 'schema-outcome');
  held = await tenantSchema(sid);
  assert.deepEqual(held.attributes.map((a) => a.name), ['login', 'fullName', 'badgeNo', 'dept']);
  assert.equal(held.displayAttribute, 'dept');
  const patch = (await received()).filter((c) => c.method === 'PATCH');
  assert.equal(patch.length, 1);
  assert.equal(patch[0].content_type, 'application/json-patch+json');
  await page.getByRole('cell', { name: 'dept', exact: true }).waitFor();
  await shot(page, '122-schema-saved-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, '122-schema-saved-390');
  await page.setViewportSize({ width: 1280, height: 860 });

  // New account on this source shows exactly these fields.
  await page.getByRole('link', { name: 'New account on this source' }).click();
  await page.getByText(/Fields from the source's account schema/).waitFor();
  const labels = await page.locator('form label').allTextContents();
  const fields = labels.map((l) => l.split(' (')[0]).filter((l) => ['login', 'fullName', 'badgeNo', 'dept', 'id', 'displayName'].includes(l));
  assert.deepEqual(fields, ['login', 'fullName', 'badgeNo', 'dept']);
  await page.getByLabel(/^login \(STRING, required/).fill('ada');
  await page.getByLabel(/^dept \(/).fill('Research');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'ada', level: 1 }).or(page.getByRole('heading', { name: 'Research', level: 1 })).first().waitFor({ timeout: 15000 });
  assert.deepEqual(page.errors, []);
});

test('a review with nothing changed says so and sends nothing', async () => {
  const page = await newPage(browser);
  await newFlatFile(page, 'Quiet Source');
  await page.getByRole('button', { name: 'Edit the schema…' }).click();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.getByText('Nothing to send: the schema is as the tenant holds it.').waitFor();
  assert.equal((await received()).filter((c) => c.method !== 'GET').length, 0);
  assert.deepEqual(page.errors, []);
});

/** The source as the tenant holds it (`404` when it is gone). */
async function tenantSource(sid) {
  const tok = await tenantToken();
  const r = await fetch(`${API}${P.sources}/${sid}`, { headers: { Authorization: `Bearer ${tok}` } });
  return r.status === 200 ? r.json() : r.status;
}

/** Uploads `text` on the flat-file screen and aggregates it, confirming; returns the confirmation's text. */
async function aggregateFile(page, name, text) {
  await page.getByRole('link', { name: 'Import a file or aggregate' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Upload and aggregate…' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm aggregation' });
  const said = await textOf(confirm);
  await confirm.getByRole('button', { name: 'Upload and aggregate' }).click();
  return said;
}

test('a flat file set up from start to finish: form, header, one attribute by hand, an account, correlation, threshold, the threshold warning before an aggregation, remove all, delete', async () => {
  const page = await newPage(browser);
  const sid = await newFlatFile(page, 'Door Badges');
  assert.deepEqual((await tenantSchema(sid)).attributes, [], 'a new flat file has no attribute');

  // The schema: from a CSV header, then one attribute by hand, made the display attribute.
  await page.getByLabel('CSV file whose header names the attributes').setInputFiles({ name: 'doors.csv', mimeType: 'text/csv', buffer: Buffer.from('login,fullName\r\n') });
  await page.getByRole('button', { name: 'Upload as the schema template' }).click();
  await page.getByText(/^Schema made from doors\.csv/).waitFor();
  await page.getByRole('button', { name: 'Edit the schema…' }).click();
  await page.getByRole('button', { name: 'Add an attribute' }).click();
  await page.locator('#attr-name-2').fill('door');
  await page.getByLabel('Display attribute (the name an account is shown by)').selectOption('door');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.getByRole('button', { name: 'Save the schema' }).click();
  await page.getByText(/^Schema saved/).waitFor();
  const schema = await tenantSchema(sid);
  assert.deepEqual(schema.attributes.map((a) => a.name), ['login', 'fullName', 'door']);
  assert.equal(schema.displayAttribute, 'door');

  // New account shows exactly those fields; the account is made in ISC, with no identity yet.
  await page.getByRole('link', { name: 'New account on this source' }).click();
  await page.getByText(/Fields from the source's account schema/).waitFor();
  const labels = (await page.locator('form label').allTextContents()).map((l) => l.split(' (')[0]);
  assert.deepEqual(labels.filter((l) => ['login', 'fullName', 'door'].includes(l)), ['login', 'fullName', 'door']);
  await page.getByLabel(/^login \(STRING, required/).fill('grace.hopper');
  await page.getByLabel(/^fullName \(/).fill('Grace Hopper');
  await page.getByLabel(/^door \(/).fill('North');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'North', level: 1 }).waitFor({ timeout: 15000 });
  let held = await tenantAccounts(sid);
  assert.equal(held.length, 1);
  assert.equal(held[0].uncorrelated, true);

  // Correlation: uid ↔ login.
  await page.getByRole('link', { name: /Door Badges/ }).first().click();
  await page.getByRole('heading', { name: 'Door Badges', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Edit the correlation…' }).click();
  await page.getByRole('button', { name: 'Add a pair' }).click();
  await page.getByLabel('Identity attribute').selectOption('uid');
  await page.getByLabel('Account attribute').selectOption('login');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.getByRole('button', { name: 'Save the correlation' }).click();
  await page.getByText(/^Correlation saved\./).waitFor();

  // The threshold: 50 %.
  await page.getByRole('button', { name: 'Change settings…' }).click();
  await page.getByLabel('Delete threshold (%)').fill('50');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await page.getByText(/^Settings saved/).waitFor();
  assert.equal((await tenantSource(sid)).deleteThreshold, 50);

  // A file with the account and one more: both aggregated, the API-made one correlated.
  const file = 'login,fullName,door\r\ngrace.hopper,Grace Hopper,North\r\nada.lovelace,Ada Lovelace,South\r\n';
  await aggregateFile(page, 'doors-1.csv', file);
  await page.getByText(/The aggregation of Door Badges completed/).waitFor({ timeout: 20_000 });
  held = await tenantAccounts(sid);
  assert.deepEqual(held.map((a) => a.nativeIdentity).sort(), ['ada.lovelace', 'grace.hopper']);
  assert.ok(held.every((a) => a.uncorrelated === false), 'both correlated by uid');

  // A file with neither of the two would remove 100 % of them: said before sending, and the
  // tenant adds the new row but removes nothing.
  await page.getByRole('link', { name: /Door Badges/ }).first().click();
  const said = await aggregateFile(page, 'doors-2.csv', 'login,fullName,door\r\nalan.turing,Alan Turing,East\r\n');
  assert.match(said, /ISC will skip the removal: 2 of the source's 2 accounts \(100 %\) are not in the file, more than its delete threshold of 50 %/);
  await page.getByText(/ended with WARNING/).waitFor({ timeout: 20_000 });
  assert.deepEqual((await tenantAccounts(sid)).map((a) => a.nativeIdentity).sort(), ['ada.lovelace', 'alan.turing', 'grace.hopper'], 'nothing removed');
  await shot(page, '136-setup-threshold-1280');

  // Remove all accounts, then delete the source.
  await page.getByRole('link', { name: /Door Badges/ }).first().click();
  await page.getByRole('heading', { name: 'Door Badges', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Remove all accounts…' }).click();
  await page.getByRole('button', { name: 'Remove 3 accounts' }).click();
  await page.getByText(/The source holds 0 accounts now\./).waitFor({ timeout: 20_000 });
  assert.deepEqual(await tenantAccounts(sid), []);
  await page.getByRole('button', { name: 'Delete the source…' }).click();
  await page.getByLabel('Source name').fill('Door Badges');
  await page.getByRole('button', { name: 'Delete source', exact: true }).click();
  await page.getByText(/^Source .*Door Badges.* deleted/).waitFor({ timeout: 20_000 });
  assert.equal(await tenantSource(sid), 404);
  assert.deepEqual(page.errors, []);
});
