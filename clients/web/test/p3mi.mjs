// The P3MI's part of the guide's flow, in the browser, as a person does it: each function
// works on a playwright-core `page` signed in as a P3MI (the portal's P3MI pages), waits for
// what it expects and asserts what the person must read. Words are matched in Indonesian or
// English, so the steps work in either language. Used by the lead's flow test and by
// p3mi.try.mjs.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { checkBothWidths } from "./axe.mjs";

const WAIT = { timeout: 15000 };

/** The P3MI's pages that need no vacancy (a vacancy's own pages: `vacancyPages`). */
export const pages = ["/lowongan", "/lowongan/baru", "/pelamar"];

/** A vacancy's pages: its candidates who fit, its applicants, its edit form. */
export function vacancyPages(vacancyId) {
  return [`/lowongan/${vacancyId}/kandidat`, `/lowongan/${vacancyId}/pelamar`, `/lowongan/${vacancyId}/ubah`];
}

const HEADINGS = {
  "/lowongan": /^(Lowongan perusahaan|The company's vacancies)$/,
  "/lowongan/baru": /^(Pasang lowongan luar negeri|Post an overseas vacancy)$/,
  "/pelamar": /^(Semua pelamar|All applicants)$/,
  kandidat: /^(Kandidat yang sesuai|Candidates who fit): /,
  pelamar: /^(Pelamar|Applicants): /,
  ubah: /^(Ubah lowongan|Edit the vacancy) /,
};

function headingFor(route) {
  return HEADINGS[route] ?? HEADINGS[route.split("/").pop()];
}

/** Opens one of the P3MI's routes (e.g. "/pelamar") and waits for its heading. */
export async function goTo(page, route) {
  await page.evaluate((r) => (location.hash = r), route);
  const heading = page.getByRole("heading", { level: 2, name: headingFor(route) });
  await heading.waitFor(WAIT);
  return heading;
}

/** axe (no serious or critical violation), no horizontal scroll and words only, at 360 and
 * 1280 px, on every page in `routes` (default: `pages`, and a vacancy's pages when given). */
export async function checkPages(page, { vacancyId, routes } = {}) {
  const all = routes ?? [...pages, ...(vacancyId ? vacancyPages(vacancyId) : [])];
  for (const route of all) {
    await goTo(page, route);
    // Whatever was loading has arrived (the watch's stream stays open, so no "network idle").
    await page.locator("main [role=status]", { hasText: /^(Memuat|Loading)/ }).first().waitFor({ state: "detached", timeout: 15000 }).catch(() => {});
    await page.waitForTimeout(300);
    await checkBothWidths(page, `P3MI ${route}`);
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** The vacancy's card on the list (the first whose title matches). */
export function vacancyCard(page, titleRegex) {
  return page.getByRole("article", { name: titleRegex }).and(page.locator("[data-vacancy]")).first();
}

/**
 * Posts a vacancy through the form: title (the occupation is then suggested from it, or
 * `occupation` picks one by its title), country by its NAME ("Taiwan", "Arab Saudi"), city,
 * employer "individual" | "company", openings { male, female, either }, salary { currency
 * (code, e.g. "TWD"), min, max }, age { min, max }, closingDate (a Date; default in 60 days),
 * jobOrder, oneChannel, description. Expects the list page afterwards with the notice and the
 * card. Returns the new vacancy's id (the last segment of its name).
 */
export async function postVacancy(page, options) {
  const {
    title,
    country,
    city = "",
    employer = "individual",
    openings = { female: 5 },
    salary,
    age,
    closingDate = new Date(Date.now() + 60 * 86400000),
    jobOrder = "",
    oneChannel = false,
    description = "",
    occupation,
  } = options;
  await goTo(page, "/lowongan/baru");
  await fillVacancy(page, { title, country, city, employer, openings, salary, age, closingDate, jobOrder, oneChannel, description, occupation });
  await page.getByRole("button", { name: /^(Pasang lowongan|Post the vacancy)$/ }).click();
  await page.locator("main").getByText(new RegExp(`^(Lowongan ${escape(title)} dipasang\\.|The vacancy ${escape(title)} is posted\\.)$`)).waitFor(WAIT);
  const card = vacancyCard(page, new RegExp(`^${escape(title)}$`));
  await card.waitFor(WAIT);
  const id = await card.getAttribute("data-vacancy");
  assert.ok(id, "the new vacancy's card is on the list");
  return id;
}

async function fillVacancy(page, v) {
  if (v.title !== undefined) {
    await page.getByLabel(/^(Judul lowongan|Vacancy title)/).fill(v.title);
    // The occupation is suggested from the title as she types.
    const occupation = page.getByLabel(/^(Jabatan|Occupation)$/);
    await page.waitForFunction(
      () => {
        const select = [...document.querySelectorAll("select[name=occupation]")][0];
        return select && select.value && !/Mencari|Looking/.test(select.selectedOptions[0]?.textContent ?? "");
      },
      undefined,
      WAIT,
    );
    if (v.occupation) {
      const label = await occupation.locator("option").filter({ hasText: v.occupation }).first().textContent();
      await occupation.selectOption({ label });
    }
  }
  if (v.country) await page.getByLabel(/^(Negara tujuan|Destination country)/).selectOption({ label: v.country });
  if (v.city !== undefined) await page.getByLabel(/^(Kota|City)$/).fill(v.city);
  if (v.employer) await page.getByLabel(/^(Jenis pemberi kerja|Employer type)/).selectOption({ label: await employerLabel(page, v.employer) });
  if (v.openings) {
    const { male = 0, female = 0, either = 0 } = v.openings;
    await page.getByLabel(/^(Laki-laki|Men)$/).fill(String(male));
    await page.getByLabel(/^(Perempuan|Women)$/).fill(String(female));
    await page.getByLabel(/^(Laki-laki atau perempuan|Men or women)$/).fill(String(either));
  }
  if (v.salary) {
    const currency = page.getByLabel(/^(Mata uang|Currency)$/);
    const label = await currency.locator("option").filter({ hasText: `(${v.salary.currency})` }).first().textContent();
    await currency.selectOption({ label });
    await page.getByLabel(/^(Gaji terendah|Lowest salary)$/).fill(String(v.salary.min ?? ""));
    await page.getByLabel(/^(Gaji tertinggi|Highest salary)$/).fill(String(v.salary.max ?? ""));
  }
  if (v.age) {
    await page.getByLabel(/^(Usia minimal|Youngest age)$/).fill(v.age.min ? String(v.age.min) : "");
    await page.getByLabel(/^(Usia maksimal|Oldest age)$/).fill(v.age.max ? String(v.age.max) : "");
  }
  if (v.closingDate) await page.getByLabel(/^(Batas lamaran|Apply by)/).fill(isoDate(v.closingDate));
  if (v.jobOrder !== undefined) await page.getByLabel(/^(Nomor job order|Job order number)/).fill(v.jobOrder);
  if (v.oneChannel !== undefined) await page.getByLabel(/Satu Kanal|one-channel/).setChecked(Boolean(v.oneChannel));
  if (v.description !== undefined) await page.getByLabel(/^(Deskripsi pekerjaan|Job description)$/).fill(v.description);
}

async function employerLabel(page, employer) {
  const select = page.getByLabel(/^(Jenis pemberi kerja|Employer type)/);
  const wanted = employer === "company" ? /Perusahaan|company/ : /perseorangan|individual/;
  const options = await select.locator("option").allTextContents();
  const found = options.find((o) => wanted.test(o));
  assert.ok(found, `an employer type like ${wanted}`);
  return found;
}

/**
 * Changes the vacancy whose title matches: `changes` as in postVacancy (only what is given
 * is filled in). Expects the list afterwards with "… disimpan" and the card.
 */
export async function editVacancy(page, vacancyTitleRegex, changes) {
  await goTo(page, "/lowongan");
  const card = vacancyCard(page, vacancyTitleRegex);
  await card.waitFor(WAIT);
  await card.getByRole("link", { name: /^(Ubah|Edit):/ }).click();
  await page.getByRole("heading", { level: 2, name: HEADINGS.ubah }).waitFor(WAIT);
  await fillVacancy(page, changes);
  await page.getByRole("button", { name: /^(Simpan perubahan|Save changes)$/ }).click();
  await page.locator("main").getByText(/^(Perubahan lowongan .+ disimpan\.|Changes to the vacancy .+ saved\.)$/).waitFor(WAIT);
}

/** Closes the vacancy whose title matches (with the confirmation); expects "Ditutup" on it. */
export async function closeVacancy(page, vacancyTitleRegex) {
  await goTo(page, "/lowongan");
  await page.getByLabel(/lowongan yang sudah ditutup|closed vacancies/).setChecked(true);
  const card = vacancyCard(page, vacancyTitleRegex);
  await card.getByRole("button", { name: /^(Tutup lowongan|Close vacancy):/ }).click();
  await card.getByRole("button", { name: /^(Ya, tutup lowongan|Yes, close it)$/ }).click();
  await card.locator(".card-head .status", { hasText: /^(Ditutup|Closed)$/ }).waitFor(WAIT);
}

/**
 * Opens the candidates who fit the vacancy whose title matches; `filters` { gender:
 * "male"|"female", province (its name), minAge, maxAge } are applied. Returns how many
 * candidates the first page shows.
 */
export async function openEligibleCandidates(page, vacancyTitleRegex, filters = {}) {
  await goTo(page, "/lowongan");
  const card = vacancyCard(page, vacancyTitleRegex);
  await card.waitFor(WAIT);
  await card.getByRole("link", { name: /^(Kandidat yang sesuai|Candidates who fit):/ }).click();
  await page.getByRole("heading", { level: 2, name: HEADINGS.kandidat }).waitFor(WAIT);
  if (filters.gender) await page.getByLabel(/^(Jenis kelamin|Gender)$/).selectOption({ label: filters.gender === "male" ? await optionLike(page, /^(Jenis kelamin|Gender)$/, /Laki|Man/) : await optionLike(page, /^(Jenis kelamin|Gender)$/, /Perempuan|Woman/) });
  if (filters.province) await page.getByLabel(/^(Provinsi asal|Home province)$/).selectOption({ label: filters.province });
  if (filters.minAge) await page.getByLabel(/^(Usia minimal|Youngest age)$/).fill(String(filters.minAge));
  if (filters.maxAge) await page.getByLabel(/^(Usia maksimal|Oldest age)$/).fill(String(filters.maxAge));
  await page.getByRole("button", { name: /^(Terapkan saringan|Apply filters)$/ }).click();
  const told = page.locator("p[role=status]", { hasText: /^(Kandidat \d|Candidates \d|Belum ada kandidat|No candidate)/ });
  await told.waitFor(WAIT);
  return page.getByRole("list", { name: /^(Kandidat yang sesuai|Candidates who fit)$/ }).getByRole("listitem").count();
}

async function optionLike(page, selectLabel, wanted) {
  const options = await page.getByLabel(selectLabel).locator("option").allTextContents();
  return options.find((o) => wanted.test(o));
}

/** Opens the applicants of the vacancy whose title matches (from its card on the list). */
export async function openApplicants(page, vacancyTitleRegex) {
  await goTo(page, "/lowongan");
  const card = vacancyCard(page, vacancyTitleRegex);
  await card.waitFor(WAIT);
  await card.getByRole("link", { name: /^(Pelamar|Applicants):/ }).click();
  await page.getByRole("heading", { level: 2, name: HEADINGS.pelamar }).waitFor(WAIT);
}

/** The card of the application whose candidate's name matches (on the page shown). */
export function applicationCard(page, candidateNameRegex) {
  return page.getByRole("article", { name: candidateNameRegex }).and(page.locator("[data-application]")).first();
}

async function statusIs(card, status) {
  await card.locator(".card-head .status", { hasText: status }).waitFor(WAIT);
}

/** The applicant's card shows their phone number and at least one document viewable. */
export async function applicantCanBeReached(page, candidateNameRegex) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  await card.getByText(/^(Nomor handphone|Mobile number)$/).waitFor(WAIT);
  const phone = await card.getByRole("link", { name: /^\+?[\d\s-]{8,}$/ }).first().textContent();
  assert.match(phone, /\d{8,}/, "the applicant's phone number is shown");
  assert.ok((await card.getByRole("button", { name: /^(Lihat|View): / }).count()) > 0, "the applicant's documents can be viewed");
  return phone.trim();
}

/** Terkirim → Diproses, from the applicant's card (waits for the card to arrive, live). */
export async function processApplication(page, candidateNameRegex) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  await statusIs(card, /^(Terkirim|Sent)$/);
  await card.getByRole("button", { name: /^(Proses|Process)$/ }).click();
  await statusIs(card, /^(Diproses|Being processed)$/);
}

/** Diproses → Wawancara: date (a Date or "YYYY-MM-DD"), time ("HH:MM"), place. */
export async function scheduleInterview(page, candidateNameRegex, { date, time = "09:00", place }) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  await card.getByRole("button", { name: /^(Jadwalkan wawancara|Schedule the interview|Ubah jadwal wawancara|Change the interview)$/ }).click();
  const form = card.getByRole("form", { name: /^(Jadwal wawancara|Interview with) / });
  await form.getByLabel(/^(Tanggal|Date)/).fill(typeof date === "string" ? date : isoDate(date));
  await form.getByLabel(/^(Jam|Time)/).fill(time);
  await form.getByLabel(/^(Tempat atau tautan|Place or link)/).fill(place);
  await form.getByRole("button", { name: /^(Simpan jadwal wawancara|Save the interview)$/ }).click();
  await statusIs(card, /^(Wawancara|Interview)$/);
  await card.getByText(new RegExp(`(di|at) ${escape(place)}$`)).waitFor(WAIT);
}

/**
 * Wawancara → "Terima": opens the acceptance, which asks for the PP. With `pdfPath`, goes
 * on to upload it (uploadPlacementAgreement); without, leaves the form open for it.
 */
export async function acceptApplication(page, candidateNameRegex, { pdfPath } = {}) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  await statusIs(card, /^(Wawancara|Interview)$/);
  const form = card.getByRole("form", { name: /^(Terima|Accept) / });
  if (!(await form.isVisible())) await card.getByRole("button", { name: /^(Terima|Accept)$/ }).click();
  await form.waitFor(WAIT);
  if (pdfPath) await uploadPlacementAgreement(page, candidateNameRegex, pdfPath);
}

/**
 * Uploads the PP from the applicant's card and sends it: in Wawancara this accepts the
 * application (opening "Terima" first if needed); after the Dinas refused a PP it sends the
 * corrected one. Expects "Menunggu Verifikasi PP" and the PP on the card, and downloads it
 * back to check it is byte for byte the file uploaded.
 */
export async function uploadPlacementAgreement(page, candidateNameRegex, pdfPath) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  let form = card.getByRole("form", { name: /^(Terima|Accept|PP perbaikan untuk|Corrected PP for) / });
  if (!(await form.isVisible())) {
    const accept = card.getByRole("button", { name: /^(Terima|Accept)$/ });
    const resubmit = card.getByRole("button", { name: /^(Unggah PP perbaikan|Upload a corrected PP)$/ });
    await accept.or(resubmit).first().waitFor(WAIT);
    if (await accept.isVisible()) await accept.click();
    else await resubmit.click();
    form = card.getByRole("form", { name: /^(Terima|Accept|PP perbaikan untuk|Corrected PP for) / });
  }
  await form.getByLabel(/^(Berkas Perjanjian Penempatan|Placement agreement \(PP\) file)/).setInputFiles(pdfPath);
  await form.getByRole("button", { name: /^(Unggah PP dan terima|Upload the PP and accept|Kirim PP perbaikan|Send the corrected PP)$/ }).click();
  await statusIs(card, /^(Menunggu Verifikasi PP|Waiting for PP verification)$/);
  const download = card.getByRole("button", { name: /^(Download Dokumen|Download document): (Perjanjian Penempatan|Placement agreement)/ });
  await download.waitFor(WAIT);
  const [file] = await Promise.all([page.waitForEvent("download", WAIT), download.click()]);
  const got = await readFile(await file.path());
  assert.ok(got.equals(await readFile(pdfPath)), "the PP on the application is the file uploaded");
}

/** Rejects from the applicant's card with `reason`; expects "Ditolak" with the reason. */
export async function rejectApplication(page, candidateNameRegex, reason) {
  const card = applicationCard(page, candidateNameRegex);
  await card.waitFor(WAIT);
  await card.getByRole("button", { name: /^(Tolak|Reject)$/ }).click();
  const form = card.getByRole("form", { name: /^(Tolak lamaran|Reject) / });
  await form.getByLabel(/^(Alasan penolakan|Reason for rejecting)/).fill(reason);
  await form.getByRole("button", { name: /^(Tolak lamaran|Reject the application)$/ }).click();
  // Once rejected the candidate is a pseudonym again: the card no longer carries the name.
  await page.locator("main [data-application]").getByText(new RegExp(`^(Alasan|Reason): ${escape(reason)}$`)).first().waitFor(WAIT);
}

/** Waits until the applicant's card shows "PP Telah Diverifikasi" (the Dinas's step, live). */
export async function seePlacementVerified(page, candidateNameRegex) {
  const card = applicationCard(page, candidateNameRegex);
  await statusIs(card, /^(PP Telah Diverifikasi|PP verified)$/);
}
