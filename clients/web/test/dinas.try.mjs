// Tries the Dinas officer's and the operator's browser steps against a running demo server
// started FRESH (a new database: the guide's candidate must still wait for the Dinas):
//   CPMI_PAGE_URL=http://127.0.0.1:8102/ node clients/web/test/dinas.try.mjs
// The Dinas and the operator work in the browser (dinas.mjs, operator.mjs); the candidate's and
// the P3MI's steps go through the API (Connect, JSON) with the demo's tokens
// (/demo-identities.json). Saves screenshots under CPMI_SCREENSHOTS (default /tmp/web-dinas/shots).
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { checkBothWidths } from "./axe.mjs";
import { launch, noScriptErrors, person, signIn } from "./browser.mjs";
import * as dinas from "./dinas.mjs";
import * as operator from "./operator.mjs";

const url = process.env.CPMI_PAGE_URL ?? "http://127.0.0.1:8102/";
const shots = process.env.CPMI_SCREENSHOTS ?? "/tmp/web-dinas/shots";
const language = process.env.CPMI_LANGUAGE; // "en" to try the English words
await mkdir(shots, { recursive: true });
const REJECTION = "surat keterangan sehat belum sesuai";

const identities = await (await fetch(new URL("/demo-identities.json", url))).json();
const tokenOf = (role, label) => identities.find((i) => i.role === role && (!label || label.test(i.label))).token;
const candidateToken = tokenOf("candidate", /calon dari panduan/);
const p3miToken = tokenOf("p3mi");

async function call(service, method, body, token) {
  const answer = await fetch(new URL(`/cpmi.matching.v1.${service}/${method}`, url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = await answer.json();
  assert.equal(answer.status, 200, `${method}: ${JSON.stringify(json)}`);
  return json;
}

const candidate = await call("SessionService", "GetSession", {}, candidateToken);
const registrationName = `${candidate.resource}/registration`;
const submitted = await call("RegistrationService", "GetRegistration", { name: registrationName }, candidateToken);
assert.equal(submitted.status, "REGISTRATION_STATUS_SUBMITTED", "a fresh demo server: the guide's candidate waits for the Dinas");
const nameRegex = new RegExp(`^${submitted.form.ktp.fullName}$`);

/** The candidate revises (Revisi Pengajuan: a fresh health certificate date) and sends again. */
async function reviseAndResubmit() {
  const before = await call("RegistrationService", "GetRegistration", { name: registrationName }, candidateToken);
  const form = before.form;
  const today = new Date();
  form.healthCertificate.issueDate = { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
  const saved = await call(
    "RegistrationService",
    "UpdateRegistration",
    { registration: { name: registrationName, form, etag: before.etag }, requestId: `try-revise-${Date.now()}` },
    candidateToken,
  );
  await call("RegistrationService", "SubmitRegistration", { name: registrationName, etag: saved.etag, requestId: `try-submit-${Date.now()}` }, candidateToken);
}

/** A one-page PDF for the PP. */
function onePagePdf(text) {
  const objects = [
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    null,
    "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
  ];
  const stream = `BT /F1 14 Tf 20 100 Td (${text}) Tj ET`;
  objects[3] = `<</Length ${stream.length}>>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** The now verified candidate applies to a fitting vacancy; the P3MI processes, interviews,
 * uploads the PP under the application and accepts: a PP waits for the Dinas. */
async function placementAgreementWaiting() {
  const fitting = await call("EligibilityService", "ListEligibleVacancies", { candidate: candidate.resource }, candidateToken);
  assert.ok(fitting.vacancies.length > 0, "a vacancy fits the verified candidate");
  const application = await call(
    "ApplicationService",
    "Apply",
    { candidate: candidate.resource, vacancy: fitting.vacancies[0].name, requestId: `try-apply-${Date.now()}` },
    candidateToken,
  );
  await call("ApplicationService", "ProcessApplication", { name: application.name }, p3miToken);
  const soon = new Date(Date.now() + 7 * 86400000).toISOString();
  await call("ApplicationService", "ScheduleInterview", { name: application.name, interview: { time: soon, location: "Kantor P3MI, Padang" } }, p3miToken);
  const pp = await call(
    "DocumentService",
    "UploadDocument",
    { parent: application.name, kind: "DOCUMENT_KIND_PLACEMENT_AGREEMENT", filename: "pp.pdf", content: onePagePdf("Perjanjian Penempatan").toString("base64") },
    p3miToken,
  );
  await call("ApplicationService", "AcceptApplication", { name: application.name, placementAgreement: pp.name }, p3miToken);
}

const started = Date.now();
const step = (name) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
const browser = await launch();
try {
  const officer = await person(browser, { width: 390, language });
  await officer.goto(url);
  await signIn(officer, { label: /Petugas Dinas|Officer of the Dinas/ });

  step("the Dinas rejects the guide's candidate");
  await dinas.openQueue(officer);
  await officer.screenshot({ path: `${shots}/dinas-queue-390.png`, fullPage: true });
  await dinas.rejectRegistration(officer, nameRegex, REJECTION);
  await officer.screenshot({ path: `${shots}/dinas-rejected-390.png`, fullPage: true });

  step("she revises and sends again (API); the Dinas verifies round 2");
  await reviseAndResubmit();
  await dinas.openQueue(officer);
  await dinas.verifyRegistration(officer, nameRegex, { rounds: 2 });
  await officer.setViewportSize({ width: 1280, height: 900 });
  await officer.screenshot({ path: `${shots}/dinas-verified-1280.png`, fullPage: true });
  await officer.setViewportSize({ width: 390, height: 900 });

  step("the PP arrives live while the Dinas looks at the PP page; the Dinas verifies it");
  await officer.evaluate(() => (location.hash = "/pp"));
  await officer.getByRole("heading", { name: /menunggu verifikasi|waiting for verification/ }).waitFor();
  await officer.locator("#pp-live .status").waitFor({ timeout: 15000 });
  await placementAgreementWaiting();
  await dinas.verifyPlacementAgreement(officer, nameRegex);
  await officer.screenshot({ path: `${shots}/dinas-pp-390.png`, fullPage: true });
  const application = await call("ApplicationService", "ListApplications", { parent: candidate.resource }, candidateToken);
  assert.ok(
    application.applications.some((a) => a.status === "APPLICATION_STATUS_PP_VERIFIED"),
    "the candidate's application reads PP Telah Diverifikasi",
  );
  for (const route of dinas.pages) {
    await officer.evaluate((hash) => (location.hash = hash), route);
    await officer.waitForTimeout(700);
    await checkBothWidths(officer, `dinas ${route}`);
  }
  noScriptErrors(officer);

  step("the operator loads a version, reads its impact per rule, activates and rolls it back; the audit trail");
  const ops = await person(browser, { width: 1280, language });
  await ops.goto(url);
  await signIn(ops, { label: /^Operator|operator$/ });
  const review = await operator.reviewPolicies(ops, { activate: true, rollback: true });
  await ops.screenshot({ path: `${shots}/operator-policy-1280.png`, fullPage: true });
  console.log(`  version ${review.version}: ${review.rules.join(" | ")}`);
  await operator.readAudit(ops);
  await operator.readAudit(ops, { role: "dinas", subject: "1307", action: /Memverifikasi PP|Verified a PP/ });
  await ops.setViewportSize({ width: 390, height: 900 });
  await ops.screenshot({ path: `${shots}/operator-audit-390.png`, fullPage: true });
  for (const route of operator.pages) {
    await ops.evaluate((hash) => (location.hash = hash), route);
    await ops.waitForTimeout(700);
    await checkBothWidths(ops, `operator ${route}`);
  }
  noScriptErrors(ops);
  console.log(`dinas and operator steps ok in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
}
