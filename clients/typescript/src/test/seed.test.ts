/**
 * The seed's flow through the TypeScript client, over Connect, against a real server.
 * tests/test_typescript_client.py starts the server and hands this test, in its
 * environment, the door's URL, tokens per role, and the seed's form and vacancy as JSON.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromJson, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ApplicationAction,
  ApplicationStatus,
  Code,
  createCpmiClient,
  DocumentKind,
  RegistrationFormSchema,
  RegistrationStatus,
  refusal,
  VacancySchema,
} from "../index.js";

const env = (name: string): string => {
  const value = process.env[name];
  assert.ok(value, `${name} is set by tests/test_typescript_client.py`);
  return value;
};
const baseUrl = env("CPMI_CONNECT_URL");
const tokens = JSON.parse(env("CPMI_TOKENS")) as Record<string, string>;
const candidateId = env("CPMI_CANDIDATE");
const companyId = env("CPMI_COMPANY");
const as = (role: string, language?: "en") => createCpmiClient({ baseUrl, token: tokens[role], language });
const pdf = (label: string) => Uint8Array.from(Buffer.from(JSON.parse(env("CPMI_PDFS"))[label] as string, "base64"));

/** The form with each "@kind" placeholder replaced by the name of the scan uploaded for it. */
function withScans(form: JsonValue, scans: Record<string, string>): JsonValue {
  if (typeof form === "string" && form.startsWith("@")) return scans[form.slice(1)];
  if (Array.isArray(form)) return form.map((item) => withScans(item, scans));
  if (form && typeof form === "object") {
    return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, withScans(value, scans)]));
  }
  return form;
}

test("the seed's flow, from registration to the verified placement agreement", async () => {
  const candidate = as("candidate");
  const dinas = as("dinas");
  const p3mi = as("p3mi");

  await candidate.registration.updateJobSeekerProfile({
    profile: { name: `candidates/${candidateId}/profile`, desiredJob: "Pekerja Rumah Tangga" },
  });
  const kinds: Record<string, DocumentKind> = {
    ktp: DocumentKind.KTP,
    kk: DocumentKind.KK,
    competency_certificate: DocumentKind.COMPETENCY_CERTIFICATE,
    health_certificate: DocumentKind.HEALTH_CERTIFICATE,
    bpjs_card: DocumentKind.BPJS_CARD,
  };
  const scans: Record<string, string> = {};
  for (const [label, kind] of Object.entries(kinds)) {
    const uploaded = await candidate.documents.uploadDocument({
      parent: `candidates/${candidateId}`,
      kind,
      filename: `${label}.pdf`,
      content: pdf(label),
    });
    scans[label] = uploaded.name;
  }
  const form = fromJson(RegistrationFormSchema, withScans(JSON.parse(env("CPMI_FORM")) as JsonObject, scans));
  const draft = await candidate.registration.updateRegistration({
    registration: { name: `candidates/${candidateId}/registration`, form },
  });
  const sent = await candidate.registration.submitRegistration({ name: draft.name, etag: draft.etag });
  assert.equal(sent.status, RegistrationStatus.SUBMITTED);

  const queue = await dinas.registration.listSubmittedRegistrations({ parent: "regencies/1307" });
  assert.ok(queue.registrations.some((r) => r.name === sent.name));
  const verified = await dinas.registration.verifyRegistration({ name: sent.name, etag: sent.etag });
  assert.equal(verified.status, RegistrationStatus.VERIFIED);

  const posted = await p3mi.vacancies.createVacancy({
    parent: `companies/${companyId}`,
    vacancy: fromJson(VacancySchema, JSON.parse(env("CPMI_VACANCY")) as JsonObject),
  });
  const decision = await candidate.eligibility.checkEligibility({
    candidate: `candidates/${candidateId}`,
    vacancy: posted.name,
  });
  assert.equal(decision.eligible, true, JSON.stringify(decision.reasons));
  const applied = await candidate.applications.apply({
    candidate: `candidates/${candidateId}`,
    vacancy: posted.name,
    requestId: "ts-apply",
  });
  assert.equal(applied.status, ApplicationStatus.SENT);

  const processing = await p3mi.applications.transitionApplication({
    name: applied.name,
    etag: applied.etag,
    action: ApplicationAction.PROCESS,
  });
  const scheduled = await p3mi.applications.transitionApplication({
    name: applied.name,
    etag: processing.etag,
    action: ApplicationAction.SCHEDULE_INTERVIEW,
    interview: { time: timestampFromDate(new Date(env("CPMI_INTERVIEW_TIME"))), location: "Kantor P3MI, Jakarta" },
  });
  const agreement = await p3mi.documents.uploadDocument({
    parent: `companies/${companyId}`,
    kind: DocumentKind.PLACEMENT_AGREEMENT,
    filename: "pp.pdf",
    content: pdf("pp"),
  });
  const accepted = await p3mi.applications.transitionApplication({
    name: applied.name,
    etag: scheduled.etag,
    action: ApplicationAction.ACCEPT,
    placementAgreement: agreement.name,
  });
  assert.equal(accepted.status, ApplicationStatus.AWAITING_PP_VERIFICATION);
  const placed = await dinas.applications.transitionApplication({
    name: applied.name,
    etag: accepted.etag,
    action: ApplicationAction.VERIFY_PP,
  });
  assert.equal(placed.status, ApplicationStatus.PP_VERIFIED);
  const downloaded = await candidate.documents.getDocument({ name: agreement.name });
  assert.deepEqual(downloaded.content, pdf("pp"));

  // Every step, streamed to the P3MI from the start until the deadline ends the watch.
  const steps: ApplicationStatus[] = [];
  try {
    for await (const event of p3mi.applications.watchApplications(
      { parent: `companies/${companyId}`, afterSequence: 0n },
      { timeoutMs: 1500 },
    )) {
      steps.push(event.toStatus);
    }
  } catch (error) {
    assert.equal(refusal(error)?.code ?? Code.DeadlineExceeded, Code.DeadlineExceeded);
  }
  assert.deepEqual(steps, [
    ApplicationStatus.SENT,
    ApplicationStatus.PROCESSING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.AWAITING_PP_VERIFICATION,
    ApplicationStatus.PP_VERIFIED,
  ]);
});

test("a refusal carries its stable reason and a message in the caller's language", async () => {
  for (const [language, words] of [[undefined, "tidak ditemukan"], ["en", "not found"]] as const) {
    const stranger = as("stranger", language);
    await assert.rejects(stranger.registration.getRegistration({ name: `candidates/${candidateId}/registration` }), (error) => {
      const refused = refusal(error);
      assert.equal(refused?.code, Code.NotFound);
      assert.equal(refused?.reason, "NOT_FOUND");
      assert.match(refused?.message ?? "", new RegExp(words));
      return true;
    });
  }
  await assert.rejects(createCpmiClient({ baseUrl }).vacancies.listVacancies({}), (error) => {
    assert.equal(refusal(error)?.reason, "TOKEN_MISSING");
    return true;
  });
});
