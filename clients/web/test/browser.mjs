// Shared by the portal's browser tests: Chromium (Debian's, through playwright-core), a page that
// fails the test on any script error, signing in, and the check that a page shows words, not
// codes, ids or placeholders.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../typescript/package.json", import.meta.url));
const { chromium } = require("playwright-core");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CPMI_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A new browser context (one person) with a page that records script errors. */
export async function person(browser, { width = 390, height = 900, language } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  if (language) await context.addInitScript((l) => localStorage.setItem("cpmi.language", l), language);
  // Everything the live region says, in order, for `announced(page)`.
  await context.addInitScript(() => {
    window.__said = [];
    new MutationObserver(() => {
      const said = document.getElementById("announcer")?.textContent;
      if (said && window.__said.at(-1) !== said) window.__said.push(said);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await context.newPage();
  page.scriptErrors = [];
  page.on("pageerror", (error) => page.scriptErrors.push(error.message));
  return page;
}

export function noScriptErrors(page) {
  assert.deepEqual(page.scriptErrors, [], "the page ran without a script error");
}

/** Signs in with the demo identity whose button reads `label`, or pastes `token`. */
export async function signIn(page, { label, token }) {
  if (label) await page.getByRole("button", { name: label }).first().click();
  else {
    await page.getByLabel(/Token akses|Access token/).fill(token);
    await page.getByRole("button", { name: /^(Masuk|Sign in)$/ }).click();
  }
  await page.getByRole("button", { name: /^(Keluar|Sign out)$/ }).waitFor({ timeout: 15000 });
}

// What must never stand where words belong: a stable code (UPPER_SNAKE), a resource name, an
// id, a placeholder, an untranslated plural.
const NOT_WORDS = [
  [/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/, "a code"],
  [/\b(?:candidates|companies|vacancies|applications|documents|regencies|policies)\/[\w-]+/, "a resource name"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i, "an id"],
  [/\{[a-z_]+\}/, "a placeholder"],
  [/\b1 (?:vacancies|applications|candidates|reasons|steps)\b/, "a wrong plural"],
  [/\b(?:undefined|null|NaN|\[object Object\])\b/, "a program's word"],
];

/** The visible text of the page (inputs' values excluded) holds words only. */
export async function wordsOnly(page, where) {
  const text = await page.locator("body").innerText();
  for (const [pattern, what] of NOT_WORDS) {
    const found = pattern.exec(text);
    assert.equal(found, null, `${where}: ${what} stands where words belong: "${found?.[0]}" in …${text.slice(Math.max(0, (found?.index ?? 0) - 60), (found?.index ?? 0) + 60)}…`);
  }
}

/** What the page's live region (aria-live) has said so far. */
export async function announced(page) {
  return page.evaluate(() => window.__said);
}
