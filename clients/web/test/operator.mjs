// The operator's part, in the portal, on a playwright-core page already signed in as the
// operator: the policy versions, a new version loaded and its dry-run impact read per rule
// (optionally activated and rolled back), and the audit trail. Every page it opens passes axe
// (360 and 1280 px) and shows words only. Indonesian or English.
import assert from "node:assert/strict";
import { checkBothWidths } from "./axe.mjs";

/** The operator's routes, for the flow's axe check of every page. */
export const pages = ["/kebijakan", "/audit"];

async function goTo(page, route) {
  await page.evaluate((hash) => (location.hash = hash), route);
}

async function openPolicies(page) {
  await goTo(page, "/kebijakan");
  await page.getByRole("heading", { name: /^(Versi kebijakan kelayakan|Eligibility policy versions)$/ }).waitFor({ timeout: 15000 });
  await page.locator("#policies > li").first().waitFor({ timeout: 15000 });
  await checkBothWidths(page, "operator: kebijakan");
}

/** The document of the version in force, read from its page (the read-only JSON box). */
async function activeDocument(page) {
  const active = page.locator("#policies > li", { has: page.locator(".status-ok") }).first();
  await active.getByRole("link").click();
  await page.getByRole("heading", { name: /^(Kebijakan versi|Policy version) / }).waitFor({ timeout: 15000 });
  await page.getByText(/^(Dokumen kebijakan \(JSON\)|Policy document \(JSON\))$/).first().click(); // opens the <details>
  const box = page.getByLabel(/^(Dokumen kebijakan \(JSON\)|Policy document \(JSON\))$/);
  await box.waitFor();
  return JSON.parse(await box.inputValue());
}

/**
 * Opens Kebijakan, loads a new version (by default the version in force with a new version
 * number and a minimum age of 35, so some verified candidate is newly refused), runs its dry-run
 * and asserts the impact is shown per rule in words. Options: `document` (an object, loaded
 * instead), `expectRule` (a regex one rule's words must match; by default /usia|age/i when the
 * default document is used), `activate` and `rollback` (then activates it and rolls it back,
 * each after its confirmation). Leaves the version's page open; returns { version, rules }.
 */
export async function reviewPolicies(page, { document, expectRule, activate = false, rollback = false } = {}) {
  await openPolicies(page);
  let loadable = document;
  let expected = expectRule;
  if (!loadable) {
    const active = await activeDocument(page);
    loadable = { ...active, version: `${active.version}-uji-${Date.now().toString(36)}`, min_age: { ...active.min_age, default: 35 } };
    expected ??= /usia|age/i;
    await openPolicies(page);
  }
  await page.getByLabel(/^(Dokumen kebijakan \(JSON\)|Policy document \(JSON\))/).fill(JSON.stringify(loadable, null, 2));
  await page.getByRole("button", { name: /^(Muat kebijakan|Load the policy)$/ }).click();
  const version = loadable.version;
  await page.getByRole("heading", { name: new RegExp(`^(Kebijakan versi|Policy version) ${version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }).waitFor({ timeout: 15000 });
  await page.getByText(/dimuat \(belum aktif\)|is loaded \(not active\)/).first().waitFor();
  await checkBothWidths(page, "operator: versi kebijakan");

  await page.getByRole("button", { name: /^(Jalankan uji dampak|Run the impact check)$/ }).click();
  await page.locator("#impact").waitFor({ timeout: 30000 });
  await page.getByRole("heading", { name: /^(Dampak per aturan|Impact per rule)$/ }).waitFor();
  const rules = await page.locator("#by-rule .operator-rule-name").allTextContents();
  assert.ok(rules.length > 0, "the dry-run shows the impact of at least one rule");
  if (expected) assert.ok(rules.some((r) => expected.test(r)), `a rule matching ${expected} is among ${JSON.stringify(rules)}`);
  const first = await page.locator("#by-rule > li").first().textContent();
  assert.match(first, /(Baru ditolak|Newly refused).*\d+ (calon|candidates)/s, `the impact is told in words: ${first}`);
  await checkBothWidths(page, "operator: uji dampak");

  if (activate) {
    await page.getByRole("button", { name: /^(Aktifkan|Activate)$/ }).click();
    await page.getByRole("button", { name: /^(Ya, aktifkan|Yes, activate)$/ }).click();
    await page.getByText(/diaktifkan\.|is activated\./).first().waitFor({ timeout: 15000 });
    await page.locator(".status-ok", { hasText: /^(Aktif|Active)$/ }).first().waitFor();
  }
  if (rollback) {
    await page.getByRole("button", { name: /^(Kembalikan|Roll back)$/ }).click();
    await page.getByRole("button", { name: /^(Ya, kembalikan|Yes, roll back)$/ }).click();
    await page.getByText(/dikembalikan; versi sebelumnya|is rolled back/).first().waitFor({ timeout: 15000 });
    await page.locator(".status-bad", { hasText: /^(Dikembalikan|Rolled back)$/ }).first().waitFor();
  }
  return { version, rules };
}

/**
 * Opens Jejak audit and asserts records are shown, each with an action in words; with
 * `{ role, subject, action }` filters by who acted (role: "candidate" | "dinas" | "p3mi" |
 * "operator", e.g. { role: "dinas", subject: "1307" }) and asserts an `action` regex is among
 * the records. Returns the actions read.
 */
export async function readAudit(page, { role, subject, action } = {}) {
  await goTo(page, "/audit");
  await page.getByRole("heading", { name: /^(Jejak audit|Audit trail)$/, level: 2 }).waitFor({ timeout: 15000 });
  await page.locator("#audit-records > li").first().waitFor({ timeout: 15000 });
  await checkBothWidths(page, "operator: jejak audit");
  if (role) {
    const roles = { candidate: /^(Calon pekerja migran|Migrant worker candidate)$/, dinas: /^Dinas$/, p3mi: /^P3MI$/, operator: /^Operator$/ };
    const select = page.getByLabel(/^(Pelaku|Who acted)$/);
    const options = await select.locator("option").allTextContents();
    await select.selectOption({ label: options.find((o) => roles[role].test(o)) });
    await page.getByLabel(/^(Pengenal pelaku|Their identifier)$/).fill(subject);
    const before = await page.locator("#audit-records").textContent();
    await page.getByRole("button", { name: /^(Terapkan saringan|Apply the filter)$/ }).click();
    await page.waitForFunction((b) => document.querySelector("#audit-records")?.textContent !== b, before, { timeout: 15000 });
    await page.locator("#audit-records > li").first().waitFor({ timeout: 15000 });
  }
  const actions = await page.locator("#audit-records .operator-record-what").allTextContents();
  assert.ok(actions.length > 0, "the audit trail shows records");
  if (action) assert.ok(actions.some((a) => action.test(a)), `an action matching ${action} is among ${JSON.stringify(actions)}`);
  return actions;
}
