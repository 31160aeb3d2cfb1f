// The guide's whole flow, done in the portal by the people who do it, in three browser
// contexts: a new candidate registers (real PDF and JPEG scans for every group), the Dinas
// rejects her ("surat keterangan sehat belum sesuai"), she revises and sends again, the Dinas
// verifies and she sees "Terverifikasi" without a reload; she reads why a vacancy does not fit,
// applies to one that fits; the P3MI processes, schedules the interview, accepts and uploads the
// PP; the Dinas verifies the PP; she downloads it, byte for byte what was uploaded. Every page of
// every role passes axe-core (no serious or critical violation) at 360 and 1280 px and shows words,
// not codes. Screenshots of each role's main page go to CPMI_SCREENSHOTS.
//
// tests/test_portal.py runs it with CPMI_SERVE (the demo server's command, JSON), CPMI_PAGE_URL,
// and CPMI_FILES (scan.pdf, photo.jpg, pp.pdf made by Pillow and pypdf).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkBothWidths } from "./axe.mjs";
import { announced, launch, noScriptErrors, person, signIn } from "./browser.mjs";
import * as candidate from "./candidate.mjs";
import * as dinas from "./dinas.mjs";
import * as operator from "./operator.mjs";
import * as p3mi from "./p3mi.mjs";

const url = process.env.CPMI_PAGE_URL;
const command = JSON.parse(process.env.CPMI_SERVE);
const files = process.env.CPMI_FILES;
const shots = process.env.CPMI_SCREENSHOTS;
const scans = { pdf: join(files, "scan.pdf"), jpeg: join(files, "photo.jpg") };
const agreement = join(files, "pp.pdf");
const her = { nik: "1307104506990003", fullName: "Siti Aminah" };
const REJECTION = "surat keterangan sehat belum sesuai";

const server = spawn(command[0], command.slice(1), { stdio: ["ignore", "ignore", "inherit"] });
const started = Date.now();
for (;;) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {}
  if (Date.now() - started > 30000) throw new Error("the demo server did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const step = (name) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
const browser = await launch();
try {
  const she = await person(browser, { width: 390 });
  const officer = await person(browser, { width: 1280 });
  const company = await person(browser, { width: 1280 });
  for (const page of [she, officer, company]) await page.goto(url);
  await signIn(she, { label: /Calon baru yang belum mendaftar/ });
  await signIn(officer, { label: /Petugas Dinas Tenaga Kerja/ });
  await signIn(company, { label: /AMMANA FINTEK SYARIAH/ });

  step("the candidate registers");
  await candidate.registerJobSeeker(she);
  await candidate.fillRegistration(she, { ...her, files: scans });
  await candidate.submitRegistration(she);
  await she.waitForFunction((name) => document.querySelector("[data-testid=who]")?.textContent?.includes(name), her.fullName, { timeout: 25000 });

  step("the Dinas rejects");
  await dinas.openQueue(officer);
  await dinas.rejectRegistration(officer, new RegExp(her.fullName), REJECTION);
  await candidate.readRejection(she, REJECTION);

  step("she revises and sends again; the Dinas verifies");
  await candidate.reviseAndResubmit(she, { files: scans });
  await dinas.openQueue(officer);
  await dinas.verifyRegistration(officer, new RegExp(her.fullName));
  await candidate.waitVerified(she);
  assert.ok((await announced(she)).some((said) => /Terverifikasi/.test(said)), "the verification is announced to screen readers");

  step("a vacancy that does not fit, then one that does");
  const why = await candidate.readRefusal(she, /Welder/);
  assert.match(why, /sertifikat/i, `she reads why the welder's vacancy does not fit her: ${why}`);
  await candidate.applyTo(she, /Domestic Helper/);

  step("the P3MI processes, interviews, accepts, uploads the PP");
  await p3mi.openApplicants(company, /Domestic Helper/);
  await p3mi.processApplication(company, new RegExp(her.fullName));
  await p3mi.scheduleInterview(company, new RegExp(her.fullName), { date: "2027-01-15", time: "10:00", place: "Kantor P3MI, Jakarta Timur" });
  await candidate.waitApplicationStatus(she, /Wawancara/);
  assert.ok((await announced(she)).some((said) => /Wawancara/.test(said)), "the interview is announced");
  await p3mi.acceptApplication(company, new RegExp(her.fullName));
  await p3mi.uploadPlacementAgreement(company, new RegExp(her.fullName), agreement);
  await candidate.waitApplicationStatus(she, /Menunggu Verifikasi PP/);

  step("the Dinas verifies the PP; she downloads it");
  await dinas.verifyPlacementAgreement(officer, new RegExp(her.fullName));
  await candidate.waitApplicationStatus(she, /PP Telah Diverifikasi/);
  const downloaded = await candidate.downloadPlacementAgreement(she);
  assert.ok(Buffer.compare(downloaded, readFileSync(agreement)) === 0, "the PP she downloads is byte for byte what the P3MI uploaded");

  step("placed: the vacancy that placed her shows the placement, the others say through which");
  await she.evaluate(() => (location.hash = "/lowongan"));
  const placement = she.getByTestId("placement");
  await placement.waitFor({ timeout: 20000 });
  assert.match(await placement.innerText(), /ditempatkan|penempatan/i, "her vacancy shows her placement");
  assert.match(await she.locator("#belum-bisa").innerText(), /ditempatkan melalui lowongan Domestic Helper/, "the others name the vacancy that placed her");

  step("every page of every role: axe-core at 360 and 1280 px, words only");
  const ops = await person(browser, { width: 1280 });
  await ops.goto(url);
  await signIn(ops, { label: /Operator/ });
  await operator.reviewPolicies(ops);
  await operator.readAudit(ops);
  for (const [name, page, role] of [
    ["candidate", she, candidate],
    ["dinas", officer, dinas],
    ["p3mi", company, p3mi],
    ["operator", ops, operator],
  ]) {
    for (const route of role.pages) {
      await page.evaluate((hash) => (location.hash = hash), route);
      await page.waitForTimeout(700);
      await checkBothWidths(page, `${name} ${route}`);
    }
    await page.evaluate(() => (location.hash = "/"));
    await page.waitForTimeout(700);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `portal-${name}-${width}.png`), fullPage: true });
    }
    noScriptErrors(page);
  }
  console.log(`flow ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
