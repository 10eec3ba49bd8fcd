// A source's settings, emptying and deleting it (issue 27): every change checked beside its field
// before anything is sent, sent as the fewest JSON Patch operations; remove-accounts and delete
// followed to the end of their tasks; a delete ISC would refuse (an identity profile reads the
// source) said plainly before anything is sent. Through Prism in both generations.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, connectWithPat, shot, textOf, assert, API, P, tenantToken, tenantAccounts, createSource, focusIs, axeFindings } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

async function tenantSource(id) {
  const tok = await tenantToken();
  const r = await fetch(`${API}${P.sources}/${id}`, { headers: { Authorization: `Bearer ${tok}` } });
  return r.status === 200 ? r.json() : r.status;
}

async function openSource(page, name) {
  await connectWithPat(page);
  await page.getByRole('table').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return page.url().split('/').pop();
}

const writes = async () => (await received()).filter((c) => c.method !== 'GET');

test('settings: a threshold of 101 and a change to an immutable field are said beside their fields and nothing is sent; a good change is two operations, saved and shown', async () => {
  const page = await newPage(browser);
  const sid = await openSource(page, 'HR Feed (CSV)');
  await page.getByRole('button', { name: 'Change settings…' }).click();
  await focusIs(page, 'settings-edit-h');
  await page.getByLabel('Delete threshold (%)').fill('101');
  await page.getByLabel('More changes, as JSON Patch operations (optional)').fill('[{"op": "replace", "path": "/type", "value": "LDAP"}]');
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.locator('#set-threshold-err').getByText(/^101 is not a whole number from 0 to 100/).waitFor();
  await page.locator('#set-more-err').getByText(/^Operation 1: type cannot change\. The type comes with the connector/).waitFor();
  assert.equal(await page.locator('#set-threshold').getAttribute('aria-invalid'), 'true');
  await page.getByRole('status').filter({ hasText: /^2 fields need attention; nothing was sent\.$/ }).waitFor();
  assert.deepEqual(await writes(), [], 'nothing sent');
  assert.equal(await page.getByLabel('Delete threshold (%)').inputValue(), '101', 'what was typed is kept');
  await shot(page, '130-settings-errors-1280');

  await page.getByLabel('Delete threshold (%)').fill('25');
  await page.getByLabel('More changes, as JSON Patch operations (optional)').fill('');
  await page.getByLabel('Description').fill('The daily HR file');
  await page.getByRole('button', { name: 'Review the change' }).click();
  const review = page.getByRole('region', { name: 'The settings change to send' });
  await review.waitFor();
  await focusIs(page, 'settings-review');
  const ops = JSON.parse(await review.locator('pre').first().textContent());
  assert.deepEqual(ops, [
    { op: 'replace', path: '/description', value: 'The daily HR file' },
    { op: 'replace', path: '/deleteThreshold', value: 25 },
  ]);
  await page.getByRole('button', { name: 'Save the settings' }).click();
  await page.getByText(/^Settings saved \(2 operations\)/).waitFor();
  await focusIs(page, 'settings-outcome');
  const held = await tenantSource(sid);
  assert.equal(held.deleteThreshold, 25);
  assert.equal(held.description, 'The daily HR file');
  const patch = (await received()).filter((c) => c.method === 'PATCH');
  assert.equal(patch.length, 1);
  assert.equal(patch[0].content_type, 'application/json-patch+json');
  await page.getByRole('definition').filter({ hasText: /^25 %$/ }).waitFor();
  await shot(page, '131-settings-saved-1280');
  assert.deepEqual(page.errors, []);
});

test('remove all accounts: confirmed with the count (Cancel first), the task followed, the source empty after', async () => {
  const page = await newPage(browser);
  const sid = await openSource(page, 'Badge Access (CSV)');
  const n = (await tenantAccounts(sid)).length;
  assert.ok(n > 0);
  await page.getByText(new RegExp(`^This source holds ${n} accounts\\.`)).waitFor();
  await page.getByRole('button', { name: 'Remove all accounts…' }).click();
  await focusIs(page, 'remove-all-cancel');
  const confirm = page.getByRole('group', { name: 'Confirm remove all accounts' });
  assert.match(await textOf(confirm.locator('p')), new RegExp(`^Remove all ${n} accounts of .*Badge Access \\(CSV\\).* from ISC\\?$`));
  await shot(page, '132-remove-all-confirm-1280');
  await confirm.getByRole('button', { name: `Remove ${n} accounts` }).click();
  await page.getByText(/^Remove all accounts: task [0-9a-f]{32} finished: SUCCESS\..* The source holds 0 accounts now\.$/).waitFor({ timeout: 20000 });
  await focusIs(page, 'removal-outcome');
  assert.deepEqual(await tenantAccounts(sid), []);
  assert.ok(await tenantSource(sid), 'the source stays');
  assert.equal(await page.getByRole('button', { name: 'Remove all accounts…' }).isDisabled(), true, 'nothing left to remove');
  assert.deepEqual(page.errors, []);
});

test('delete: refused before sending while an identity profile reads the source; a free source deleted by its typed name, its task followed, back on the list', async () => {
  const page = await newPage(browser);
  await openSource(page, 'HR Feed (CSV)');
  const refused = page.locator('#delete-refused');
  await refused.waitFor();
  assert.match(await textOf(refused), /^ISC refuses to delete a source that an identity profile reads\..*HR Feed/);
  assert.equal(await page.getByRole('button', { name: 'Delete the source…' }).count(), 0);
  await refused.getByRole('link', { name: 'HR Feed' }).waitFor();

  await page.getByRole('link', { name: 'Sources' }).first().click();
  await createSource(page, 'Short Lived');
  const sid = page.url().split('/').pop();
  await page.getByRole('button', { name: 'Delete the source…' }).click();
  await focusIs(page, 'delete-name');
  const del = page.getByRole('button', { name: 'Delete source', exact: true });
  await page.getByLabel('Source name').fill('short lived');
  assert.equal(await del.isDisabled(), true, 'the name must be typed as it is');
  await page.getByLabel('Source name').fill('Short Lived');
  await shot(page, '133-delete-confirm-1280');
  await del.click();
  await page.getByText(/^Source .*Short Lived.* deleted \(task [0-9a-f]{32} finished: SUCCESS\)/).waitFor({ timeout: 20000 });
  await page.getByRole('heading', { name: 'Sources', level: 1 }).waitFor();
  assert.equal(await tenantSource(sid), 404);
  assert.equal(await page.getByRole('table').getByRole('link', { name: 'Short Lived' }).count(), 0);
  assert.deepEqual(page.errors, []);
});

test('the source page with its settings open is axe-clean at 390 and 1280 px', async () => {
  const page = await newPage(browser);
  await openSource(page, 'Badge Access (CSV)');
  await page.getByRole('button', { name: 'Change settings…' }).click();
  await page.getByRole('button', { name: 'Remove all accounts…' }).click();
  for (const [w, h] of [[1280, 860], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    assert.deepEqual(await axeFindings(page), []);
    await shot(page, `134-source-admin-${w}`);
  }
  assert.deepEqual(page.errors, []);
});

test('correlation: an empty pair is said beside its fields; email ↔ email saved as the PUT; the next aggregation of the exported file correlates the account that had no identity', async () => {
  const page = await newPage(browser);
  const sid = await openSource(page, 'HR Feed (CSV)');
  await page.getByText(/^No correlation is set/).waitFor();
  const loose = (await tenantAccounts(sid)).filter((a) => a.uncorrelated);
  assert.equal(loose.length, 1);
  await page.getByRole('button', { name: 'Edit the correlation…' }).click();
  await focusIs(page, 'corr-edit-h');
  await page.getByRole('button', { name: 'Add a pair' }).click();
  await focusIs(page, 'corr-identity-0');
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Review the change' }).click();
  await page.locator('#corr-identity-0-err').getByText('Choose the identity attribute to match.').waitFor();
  await page.locator('#corr-account-0-err').getByText('Choose the account attribute to match.').waitFor();
  assert.deepEqual(await writes(), []);
  await page.getByLabel('Identity attribute').selectOption('email');
  await page.getByLabel('Account attribute').selectOption('email');
  await page.getByLabel('Ignore case').check();
  await page.getByRole('button', { name: 'Review the change' }).click();
  const review = page.getByRole('region', { name: 'The correlation to send' });
  await review.waitFor();
  const body = JSON.parse(await review.locator('pre').first().textContent());
  assert.deepEqual(body.attributeAssignments, [{ property: 'email', value: 'email', operation: 'EQ', complex: false, ignoreCase: true }]);
  await shot(page, '135-correlation-review-1280');
  await page.getByRole('button', { name: 'Save the correlation' }).click();
  await page.getByText(/^Correlation saved\./).waitFor();
  await focusIs(page, 'corr-outcome');
  await page.getByRole('cell', { name: 'email', exact: true }).first().waitFor();
  const puts = (await received()).filter((c) => c.method === 'PUT');
  assert.equal(puts.length, 1);
  assert.match(puts[0].path, /correlation-config$/);

  // Uncorrelated until the next aggregation: the link lists it.
  await page.getByRole('link', { name: 'Accounts not yet correlated' }).click();
  await page.getByRole('table').getByRole('link', { name: loose[0].name, exact: true }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'HR Feed (CSV)', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Import a file or aggregate' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download accounts as CSV' }).click(),
  ]);
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(await download.path(), 'utf8');
  await page.getByLabel('CSV file').setInputFiles({ name: 'hr.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Upload and aggregate…' }).click();
  await page.getByRole('group', { name: 'Confirm aggregation' }).getByRole('button', { name: 'Upload and aggregate' }).click();
  await page.getByText(/The aggregation of HR Feed \(CSV\) completed/).waitFor({ timeout: 20_000 });
  const after = (await tenantAccounts(sid)).find((a) => a.id === loose[0].id);
  assert.equal(after.uncorrelated, false, 'correlated by email');
  assert.ok(after.identityId);
  assert.deepEqual(page.errors, []);
});
