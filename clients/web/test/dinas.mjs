// The Dinas officer's part of the guide's flow, in the portal, on a playwright-core page already
// signed in as the Dinas: the queue, a registration rejected with a reason or verified, and the
// PP verified. Every step waits for what it expects and asserts what the officer must read; every
// page it opens passes axe (360 and 1280 px) and shows words only. Indonesian or English.
import assert from "node:assert/strict";
import { checkBothWidths } from "./axe.mjs";

/** The Dinas's routes, for the flow's axe check of every page. */
export const pages = ["/antrean", "/pp"];

const QUEUE_HEADING = /^(Antrean pendaftaran CPMI|CPMI registrations waiting)$/;
const PP_HEADING = /^(Perjanjian Penempatan \(PP\) menunggu verifikasi|Placement agreements \(PP\) waiting for verification)$/;

async function goTo(page, route) {
  await page.evaluate((hash) => (location.hash = hash), route);
}

/** Opens Antrean and waits for it to load (its registrations, or the words that none waits). */
export async function openQueue(page) {
  await goTo(page, "/antrean");
  await page.getByRole("heading", { name: QUEUE_HEADING }).waitFor({ timeout: 15000 });
  await page
    .locator("#queue li")
    .or(page.getByText(/Tidak ada pendaftaran yang menunggu verifikasi|No registration is waiting/))
    .first()
    .waitFor({ timeout: 15000 });
  await checkBothWidths(page, "Dinas: antrean");
}

/** From the queue, opens the registration of the candidate named `candidateNameRegex` (reloading
 * the queue while it has not arrived), checks a document opens in the page, and the page's words. */
async function openRegistration(page, candidateNameRegex) {
  if (!(await page.getByRole("heading", { name: QUEUE_HEADING }).isVisible())) await openQueue(page);
  const link = page.locator("#queue").getByRole("link", { name: candidateNameRegex });
  const until = Date.now() + 20000;
  while (!(await link.first().isVisible())) {
    assert.ok(Date.now() < until, `the registration of ${candidateNameRegex} reaches the Dinas's queue`);
    await page.getByRole("button", { name: /^(Muat ulang|Reload)$/ }).click();
    await page.waitForTimeout(500);
  }
  await link.first().click();
  await page.getByRole("heading", { level: 2, name: candidateNameRegex }).waitFor({ timeout: 15000 });
  await page.getByRole("heading", { name: /^(Riwayat pengajuan|Submission history)$/ }).waitFor();
  await page.locator(".timeline li").first().waitFor({ timeout: 15000 });
  const status = await page.locator(".dinas-registration .status").first().textContent();
  assert.match(status, /^(Diajukan|Submitted)$/, "the registration waits for the Dinas");
  // Every group's scan can be viewed in the page: open the KTP's and the health certificate's.
  for (const label of [/^(Lihat|View): (Scan KTP|KTP scan)$/, /^(Lihat|View): (Scan surat keterangan sehat|Health certificate scan)$/]) {
    const view = page.getByRole("button", { name: label });
    await view.click();
    await page.locator(".document-frame iframe, .document-frame img").first().waitFor({ timeout: 15000 });
    await page.getByRole("button", { name: /^(Tutup|Close): / }).first().click();
  }
  await checkBothWidths(page, "Dinas: pendaftaran");
}

/** Rejects the registration of the candidate named `candidateNameRegex` with `reason`; the page
 * then reads "Ditolak" and the history shows the reason. Leaves the registration open. */
export async function rejectRegistration(page, candidateNameRegex, reason) {
  await openRegistration(page, candidateNameRegex);
  await page.getByRole("button", { name: /^(Tolak|Reject)$/ }).click();
  await page.getByLabel(/^(Alasan penolakan|Reason for rejection)/).fill(reason);
  await page.getByRole("button", { name: /^(Tolak pendaftaran|Reject the registration)$/ }).click();
  await page.getByText(/ditolak\. Calon membaca alasannya|is rejected\. The candidate reads the reason/).first().waitFor({ timeout: 15000 });
  await page.locator(".dinas-registration .status", { hasText: /^(Ditolak|Rejected)$/ }).first().waitFor();
  await page.locator(".timeline", { hasText: reason }).waitFor({ timeout: 15000 });
  assert.match(await page.locator(".timeline").textContent(), /Ditolak oleh|Rejected by/, "the history says who rejected it");
  await checkBothWidths(page, "Dinas: pendaftaran ditolak");
}

/** Verifies the registration of the candidate named `candidateNameRegex` (after a confirmation);
 * the page then reads "Terverifikasi". With `{ rounds }`, asserts the history shows that many
 * rounds (a revised registration: 2, the first one rejected with its reason). */
export async function verifyRegistration(page, candidateNameRegex, { rounds } = {}) {
  await openRegistration(page, candidateNameRegex);
  if (rounds) {
    await page.locator(".timeline > li").nth(rounds - 1).waitFor({ timeout: 15000 });
    assert.equal(await page.locator(".timeline > li").count(), rounds, `the history shows ${rounds} rounds`);
  }
  await page.getByRole("button", { name: /^(Verifikasi|Verify)$/ }).click();
  await page.getByRole("button", { name: /^(Ya, verifikasi|Yes, verify)$/ }).click();
  await page.getByText(/telah diverifikasi\.|is verified\./).first().waitFor({ timeout: 15000 });
  await page.locator(".dinas-registration .status", { hasText: /^(Terverifikasi|Verified)$/ }).first().waitFor();
  await page.locator(".timeline", { hasText: /Diverifikasi oleh|Verified by/ }).waitFor({ timeout: 15000 });
  await checkBothWidths(page, "Dinas: pendaftaran terverifikasi");
}

/** Opens PP, waits for the candidate's placement agreement (it arrives live), views the PP in
 * the page, verifies it and reads that it is verified. */
export async function verifyPlacementAgreement(page, candidateNameRegex) {
  await goTo(page, "/pp");
  await page.getByRole("heading", { name: PP_HEADING }).waitFor({ timeout: 15000 });
  const card = page.locator("#pp-waiting > li").filter({ has: page.getByRole("heading", { name: candidateNameRegex }) });
  await card.first().waitFor({ timeout: 30000 });
  const text = await card.first().textContent();
  assert.match(text, /Lowongan|Vacancy/, "the card names the vacancy");
  assert.match(text, /Perusahaan \(P3MI\)|Company \(P3MI\)/, "and the company");
  await card.first().getByRole("button", { name: /^(Lihat|View): / }).click();
  await card.first().locator(".document-frame iframe, .document-frame img").waitFor({ timeout: 15000 });
  await card.first().getByRole("button", { name: /^(Tutup|Close): / }).click();
  await checkBothWidths(page, "Dinas: PP");
  await card.first().getByRole("button", { name: /^(Verifikasi PP|Verify the PP): / }).click();
  await card.first().getByText(/telah diverifikasi|is verified/).first().waitFor({ timeout: 15000 });
  await checkBothWidths(page, "Dinas: PP terverifikasi");
}

/** Refuses the candidate's PP with `reason`; the card then says a corrected PP is awaited. */
export async function refusePlacementAgreement(page, candidateNameRegex, reason) {
  await goTo(page, "/pp");
  await page.getByRole("heading", { name: PP_HEADING }).waitFor({ timeout: 15000 });
  const card = page.locator("#pp-waiting > li").filter({ has: page.getByRole("heading", { name: candidateNameRegex }) });
  await card.first().waitFor({ timeout: 30000 });
  await card.first().getByRole("button", { name: /^(Tolak PP|Refuse the PP): / }).click();
  await card.first().getByLabel(/^(Alasan penolakan PP|Reason for refusing the PP)/).fill(reason);
  await card.first().getByRole("button", { name: /^(Kirim penolakan PP|Send the refusal)$/ }).click();
  await page.locator("#pp-fixing > li", { hasText: reason }).waitFor({ timeout: 15000 });
  await checkBothWidths(page, "Dinas: PP ditolak");
}
