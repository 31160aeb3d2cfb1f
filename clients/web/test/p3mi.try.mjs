// Tries the P3MI's browser steps against a running demo server:
//   CPMI_PAGE_URL=http://127.0.0.1:8103/ node clients/web/test/p3mi.try.mjs
// The P3MI works in the browser (p3mi.mjs); the candidate's and the Dinas's steps go through
// the API (Connect, JSON) with the demo's tokens (/demo-identities.json). Saves screenshots
// under CPMI_SCREENSHOTS (default /tmp/web-p3mi/shots) when set.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { launch, noScriptErrors, person, signIn, wordsOnly } from "./browser.mjs";
import {
  acceptApplication,
  applicantCanBeReached,
  applicationCard,
  checkPages,
  closeVacancy,
  editVacancy,
  goTo,
  openApplicants,
  openEligibleCandidates,
  pages,
  postVacancy,
  processApplication,
  rejectApplication,
  scheduleInterview,
  seePlacementVerified,
  uploadPlacementAgreement,
  vacancyPages,
} from "./p3mi.mjs";

const url = process.env.CPMI_PAGE_URL ?? "http://127.0.0.1:8103/";
const shots = process.env.CPMI_SCREENSHOTS ?? "/tmp/web-p3mi/shots";
await mkdir(shots, { recursive: true });

const identities = await (await fetch(new URL("/demo-identities.json", url))).json();
const tokenOf = (role, label) => identities.find((i) => i.role === role && (!label || label.test(i.label))).token;
const candidateToken = tokenOf("candidate", /terverifikasi/);
const dinasToken = tokenOf("dinas");
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
const company = await call("SessionService", "GetSession", {}, p3miToken);
const nameRegex = new RegExp(`^${candidate.displayName}$`);

// A one-page PDF for the PP (with its cross-reference table, so a PDF reader parses it).
export function onePagePdf(text) {
  const objects = [
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    null,
    "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
  ];
  const stream = `BT /F1 14 Tf 20 100 Td (${text}) Tj ET`;
  objects[3] = `<</Length ${stream.length}>>stream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}
const pdfPath = "/tmp/web-p3mi/pp-test.pdf";
await writeFile(pdfPath, onePagePdf(`Perjanjian Penempatan ${candidate.displayName}`));

const browser = await launch();
const started = Date.now();
const step = (what) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${what}`);
try {
  const page = await person(browser, { width: 390 });
  await page.goto(url);
  await signIn(page, { label: /AMMANA/ });
  step("signed in as the P3MI");

  // A refusal is shown at its field: no openings at all.
  await goTo(page, "/lowongan/baru");
  await page.getByLabel(/^(Judul lowongan|Vacancy title)/).fill("Caregiver Tanpa Kuota");
  await page.getByLabel(/^(Negara tujuan|Destination country)/).selectOption({ label: "Taiwan" });
  await page.getByLabel(/^(Jenis pemberi kerja|Employer type)/).selectOption({ index: 2 });
  await page.getByRole("button", { name: /^(Pasang lowongan|Post the vacancy)$/ }).click();
  await page.locator("#openings-error", { hasText: /^jumlah lowongan 0 sampai .+ minimal 1 seluruhnya$/ }).waitFor({ timeout: 15000 });
  await page.locator("#vacancy-problem", { hasText: /Periksa isian yang ditandai:\s*Kuota per jenis kelamin/ }).waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /vacancy\.|[a-z]+_[a-z]+/, "no field path shown");
  await wordsOnly(page, "a refused vacancy");
  await page.screenshot({ path: `${shots}/refused-390.png`, fullPage: true });
  step("a vacancy without openings is refused at its field");

  // A vacancy whose applicant is turned down: the reason stays on the timeline, the person's
  // details close (she is a pseudonym again).
  const first = `Domestic Helper Kaohsiung ${Date.now() % 100000}`;
  const firstId = await postVacancy(page, { title: first, country: "Taiwan", city: "Kaohsiung", openings: { either: 3 } });
  await call("ApplicationService", "Apply", { candidate: candidate.resource, vacancy: `${company.resource}/vacancies/${firstId}`, requestId: `try-a-${Date.now()}` }, candidateToken);
  await openApplicants(page, new RegExp(`^${first}$`));
  await rejectApplication(page, nameRegex, "kuota sudah terpenuhi");
  await page.locator("main [data-application]").getByText(/^(Pelamar \(data tidak lagi dibagikan\)|Applicant \(details no longer shared\))$/).waitFor();
  await wordsOnly(page, "a rejected application");
  await page.screenshot({ path: `${shots}/rejected-390.png`, fullPage: true });
  step("an application rejected with its reason");

  const title = `Pekerja Rumah Tangga Taipei ${Date.now() % 100000}`;
  const vacancyId = await postVacancy(page, {
    title,
    country: "Taiwan",
    city: "Taipei",
    employer: "individual",
    openings: { male: 0, female: 4, either: 2 },
    salary: { currency: "TWD", min: 20000, max: 26000 },
    age: { min: 21, max: 45 },
    jobOrder: "SIP2MI-TRY-1",
    oneChannel: false,
    description: "Merawat rumah dan lansia.\nLibur satu hari per minggu.",
  });
  const vacancy = `${company.resource}/vacancies/${vacancyId}`;
  step(`posted ${title}`);
  await editVacancy(page, new RegExp(`^${title}$`), { city: "New Taipei" });
  await page.getByRole("article", { name: new RegExp(`^${title}$`) }).getByText(/Taiwan · New Taipei/).waitFor();
  step("edited its city");

  const fit = await openEligibleCandidates(page, new RegExp(`^${title}$`), { gender: "female" });
  assert.ok(fit >= 1, "the verified demo candidate fits the new vacancy");
  await wordsOnly(page, "eligible candidates");
  await page.screenshot({ path: `${shots}/eligible-390.png`, fullPage: true });
  step(`${fit} candidates fit`);

  // The applicants page is open when she applies: her card arrives live.
  await openApplicants(page, new RegExp(`^${title}$`));
  await call("ApplicationService", "Apply", { candidate: candidate.resource, vacancy, requestId: `try-${Date.now()}` }, candidateToken);
  await applicationCard(page, nameRegex).waitFor({ timeout: 15000 });
  const phone = await applicantCanBeReached(page, nameRegex);
  await page.screenshot({ path: `${shots}/applicant-390.png`, fullPage: true });
  step(`${candidate.displayName} applied; the company sees her phone ${phone}`);

  if (!process.env.SKIP_AXE) await checkPages(page, { vacancyId });
  step("axe, width and words on every page at 360 and 1280 px");
  await openApplicants(page, new RegExp(`^${title}$`));

  await processApplication(page, nameRegex);
  step("processed");
  const day = new Date(Date.now() + 3 * 86400000);
  await scheduleInterview(page, nameRegex, { date: day, time: "10:30", place: "Kantor PT. AMMANA, Jl. Sudirman 1, Padang" });
  step("interview scheduled");
  await acceptApplication(page, nameRegex);
  await page.screenshot({ path: `${shots}/accept-390.png`, fullPage: true });
  await uploadPlacementAgreement(page, nameRegex, pdfPath);
  step("accepted with the PP (downloaded back byte for byte)");

  const [application] = (await call("ApplicationService", "ListApplications", { parent: vacancy }, p3miToken)).applications;
  await call("ApplicationService", "RefusePlacementAgreement", { name: application.name, reason: "tanda tangan calon belum ada", requestId: `try-r-${Date.now()}` }, dinasToken);
  await applicationCard(page, nameRegex).getByText(/tanda tangan calon belum ada/).first().waitFor({ timeout: 15000 });
  await uploadPlacementAgreement(page, nameRegex, pdfPath);
  step("the Dinas refused the PP; a corrected one was sent");
  await call("ApplicationService", "VerifyPlacementAgreement", { name: application.name, requestId: `try-v-${Date.now()}` }, dinasToken);
  await seePlacementVerified(page, nameRegex);
  await page.screenshot({ path: `${shots}/verified-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/verified-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 900 });
  step("the Dinas verified the PP: seen live");

  await goTo(page, "/pelamar");
  await applicationCard(page, nameRegex).waitFor();
  await closeVacancy(page, new RegExp(`^${title}$`));
  step("closed the vacancy");

  // The same pages in English.
  await page.getByRole("combobox", { name: /^(Bahasa|Language)/ }).selectOption("en");
  await page.getByRole("button", { name: /^Sign out$/ }).waitFor({ timeout: 15000 });
  await checkPages(page, { routes: [...pages, ...vacancyPages(vacancyId).slice(0, 2)] });
  await goTo(page, `/lowongan/${vacancyId}/pelamar`);
  await seePlacementVerified(page, nameRegex);
  await page.screenshot({ path: `${shots}/verified-en-390.png`, fullPage: true });
  step("English pages checked");
  noScriptErrors(page);
  console.log("p3mi try ok");
} catch (error) {
  const [open] = browser.contexts().flatMap((c) => c.pages());
  if (open) {
    await open.screenshot({ path: `${shots}/failure.png`, fullPage: true });
    console.error("page errors:", open.scriptErrors);
  }
  throw error;
} finally {
  await browser.close();
}
