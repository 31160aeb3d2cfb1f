// Drives the candidate's page in headless Chromium (Debian's chromium, through playwright-core):
// the guide's candidate signs in, sees their vacancies and a refusal explained in Indonesian,
// then a fitting vacancy created through the API appears on the page without a reload.
// tests/test_web_page.py starts the server and passes, in the environment, the page's URL,
// a P3MI token, the P3MI's company, and where to save screenshots.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

// playwright-core is installed with the TypeScript client's packages (clients/typescript).
const require = createRequire(new URL("../../typescript/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const url = process.env.CPMI_PAGE_URL;
const p3miToken = process.env.CPMI_P3MI_TOKEN;
const company = process.env.CPMI_COMPANY;
const shots = process.env.CPMI_SCREENSHOTS;

const browser = await chromium.launch({
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
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(url);
  await page.getByRole("button", { name: /Rahmat Hidayat/ }).click();
  await page.locator("#eligible li[data-vacancy]").first().waitFor({ timeout: 15000 });
  const eligible = await page.locator("#eligible li[data-vacancy]").count();
  assert.ok(eligible > 0, "the candidate sees their vacancies");
  const refusal = page.locator("#refused li .reason").first();
  await refusal.waitFor({ timeout: 15000 });
  const reason = await refusal.textContent();
  assert.match(reason, /^[A-Z_]+: /, "a reason code and its message");
  assert.match(await page.locator("#refused").textContent(), /Dasar hukum|Syarat lowongan/, "in Indonesian, with its basis");
  assert.match(await page.locator("h1").textContent(), /Lowongan untuk Anda/);

  // A P3MI posts a fitting vacancy through the API (Connect, JSON), in another "window".
  const closing = new Date(Date.now() + 30 * 86400000);
  const created = await fetch(new URL("/cpmi.matching.v1.VacancyService/CreateVacancy", url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${p3miToken}` },
    body: JSON.stringify({
      parent: `companies/${company}`,
      requestId: `page-test-${Date.now()}`,
      vacancy: {
        title: "Penata Laksana Rumah Tangga Hong Kong (baru)",
        occupationCode: "9111",
        countryCode: "HK",
        employerType: "EMPLOYER_TYPE_INDIVIDUAL",
        openings: { either: 3 },
        closingDate: { year: closing.getUTCFullYear(), month: closing.getUTCMonth() + 1, day: closing.getUTCDate() },
      },
    }),
  });
  const body = await created.json();
  assert.equal(created.status, 200, JSON.stringify(body));
  const fresh = page.locator(`#eligible li[data-vacancy="${body.name}"]`);
  await fresh.waitFor({ timeout: 15000 });
  assert.match(await page.locator("#live").textContent(), /Diperbarui langsung/);
  await page.screenshot({ path: `${shots}/page.png`, fullPage: true });
  console.log(`page ok: ${eligible} vacancies, then ${body.name} appeared live; refusal "${reason}"`);
} finally {
  await browser.close();
}
