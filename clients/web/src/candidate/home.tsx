/** Beranda: where the candidate stands, the one next step first, kept live. */
import type { JSX } from "preact";
import { ApplicationStatus, RegistrationStatus, type Application } from "../../../typescript/src/index.js";
import { timeText } from "../format.js";
import { useLanguage, useWords, type Words } from "../i18n.js";
import { FocusHeading, Notice, ProblemNotice } from "../ui.js";
import { active, useCandidate } from "./data.js";
import { ActionLink, applicationTone, registrationTone } from "./widgets.js";
import { applicationStatusWords, registrationStatusWords } from "./words.js";

const WORDS: Words<
  | "title"
  | "loading"
  | "next"
  | "startTitle"
  | "start"
  | "startLead"
  | "draftTitle"
  | "draftLead"
  | "draft"
  | "waitTitle"
  | "waitLead"
  | "rejectedTitle"
  | "rejectedLead"
  | "detail"
  | "revise"
  | "verifiedTitle"
  | "verifiedLead"
  | "findVacancies"
  | "membership"
  | "jobSeeker"
  | "jobSeekerYes"
  | "jobSeekerNo"
  | "cpmi"
  | "submittedOn"
  | "applications"
  | "noApplications"
  | "interviewAt"
  | "ppWaiting"
  | "ppReady"
  | "seeApplications"
  | "unknownVacancy"
> = {
  "id-ID": {
    title: "Beranda",
    loading: "Memuat data kamu…",
    next: "Langkah berikutnya",
    startTitle: "Daftar sebagai CPMI",
    startLead: "Untuk melamar lowongan luar negeri, daftar dulu sebagai pencari kerja lalu lengkapi pendaftaran Calon Pekerja Migran Indonesia (CPMI).",
    start: "Daftar sebagai CPMI",
    draftTitle: "Lanjutkan pendaftaran CPMI",
    draftLead: "Pendaftaran kamu tersimpan sebagai draf dan belum dikirim ke Dinas. Lengkapi lalu klik Kirim.",
    draft: "Lanjutkan pendaftaran",
    waitTitle: "Menunggu verifikasi Dinas",
    waitLead: "Pendaftaran kamu sudah dikirim ke Dinas Ketenagakerjaan sesuai alamat KTP kamu. Halaman ini berubah sendiri begitu Dinas memutuskan.",
    rejectedTitle: "Pendaftaran kamu ditolak",
    rejectedLead: "Pengajuan Calon Pekerja Migran Indonesia (CPMI) kamu ditolak dengan alasan:",
    detail: "Lihat Detail",
    revise: "Revisi Pengajuan",
    verifiedTitle: "Kamu sudah terverifikasi sebagai CPMI",
    verifiedLead: "Sekarang kamu dapat melamar lowongan luar negeri yang sesuai dengan sertifikat kompetensi kamu.",
    findVacancies: "Cari lowongan luar negeri",
    membership: "Kartu keanggotaan",
    jobSeeker: "Pencari Kerja",
    jobSeekerYes: "Terdaftar",
    jobSeekerNo: "Belum terdaftar",
    cpmi: "Calon Pekerja Migran Indonesia",
    submittedOn: "Dikirim {d}",
    applications: "Lamaranku",
    noApplications: "Kamu belum melamar lowongan.",
    interviewAt: "Wawancara {t} di {p}",
    ppWaiting: "Bawa lamaran dan perjanjian penempatan (PP) ke kantor Dinas Ketenagakerjaan untuk diverifikasi.",
    ppReady: "Perjanjian penempatan sudah diverifikasi dan bisa diunduh di Lamaranku.",
    seeApplications: "Lihat Lamaranku",
    unknownVacancy: "Lowongan",
  },
  en: {
    title: "Home",
    loading: "Loading your data…",
    next: "Next step",
    startTitle: "Register as a CPMI",
    startLead: "To apply to overseas vacancies, first register as a job seeker, then complete the migrant worker candidate (CPMI) registration.",
    start: "Register as a CPMI",
    draftTitle: "Continue your CPMI registration",
    draftLead: "Your registration is saved as a draft and has not been sent to the Dinas yet. Complete it, then press Send.",
    draft: "Continue the registration",
    waitTitle: "Waiting for the Dinas to verify",
    waitLead: "Your registration was sent to the labour office (Dinas) of the regency on your KTP. This page changes by itself once the Dinas decides.",
    rejectedTitle: "Your registration was rejected",
    rejectedLead: "Your migrant worker candidate (CPMI) registration was rejected for this reason:",
    detail: "See details",
    revise: "Revise the submission",
    verifiedTitle: "You are verified as a CPMI",
    verifiedLead: "You can now apply to overseas vacancies that fit your competency certificate.",
    findVacancies: "Find overseas vacancies",
    membership: "Membership cards",
    jobSeeker: "Job seeker",
    jobSeekerYes: "Registered",
    jobSeekerNo: "Not registered",
    cpmi: "Migrant worker candidate (CPMI)",
    submittedOn: "Sent {d}",
    applications: "My applications",
    noApplications: "You have not applied to a vacancy yet.",
    interviewAt: "Interview {t} at {p}",
    ppWaiting: "Bring your application and the placement agreement (PP) to the Dinas office to be verified.",
    ppReady: "The placement agreement is verified and can be downloaded in My applications.",
    seeApplications: "Open My applications",
    unknownVacancy: "Vacancy",
  },
};

export function HomePage(): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { profile, registration, applications, vacancies } = useCandidate();
  const statusWords = registrationStatusWords[useLanguage()];
  const appWords = applicationStatusWords[useLanguage()];
  const loaded = profile.data !== undefined && registration.data !== undefined;
  const reg = registration.data ?? undefined;
  const status = reg?.status ?? RegistrationStatus.UNSPECIFIED;

  return (
    <section aria-labelledby="home-title">
      <FocusHeading id="home-title">{words.title}</FocusHeading>
      <ProblemNotice problem={registration.problem && !registration.problem.away ? registration.problem : undefined} />
      {!loaded ? (
        <p role="status">{words.loading}</p>
      ) : (
        <>
          <NextStep hasProfile={Boolean(profile.data)} />
          <div class="card membership" aria-labelledby="membership-title">
            <h3 id="membership-title">{words.membership}</h3>
            <ul class="membership-list">
              <li>
                <span class="membership-name">{words.jobSeeker}</span>
                <span class={profile.data ? "status status-ok" : "status"}>{profile.data ? words.jobSeekerYes : words.jobSeekerNo}</span>
              </li>
              <li>
                <span class="membership-name">{words.cpmi}</span>
                <span class={registrationTone(status)} data-testid="registration-status">
                  {statusWords[status]}
                </span>
                {reg && status !== RegistrationStatus.DRAFT && <a href="#/pendaftaran/detail">{words.detail}</a>}
              </li>
            </ul>
          </div>
          <section aria-labelledby="home-applications">
            <h3 id="home-applications">{words.applications}</h3>
            {applications.length === 0 ? (
              <p>{words.noApplications}</p>
            ) : (
              <ul class="cards">
                {applications.filter(active).map((application) => (
                  <li key={application.name} class="card">
                    <ApplicationLine application={application} title={vacancies.get(application.vacancy)?.title ?? words.unknownVacancy} />
                  </li>
                ))}
              </ul>
            )}
            {applications.length > 0 && <ActionLink to="/lamaranku" secondary>{words.seeApplications}</ActionLink>}
          </section>
        </>
      )}
    </section>
  );

  function ApplicationLine(p: { application: Application; title: string }): JSX.Element {
    const a = p.application;
    return (
      <>
        <p>
          <strong>{p.title}</strong> <span class={applicationTone(a.status)}>{appWords[a.status]}</span>
        </p>
        {a.status === ApplicationStatus.INTERVIEW && a.interview && (
          <p class="meta">{words.interviewAt.replace("{t}", timeText(a.interview.time, language)).replace("{p}", a.interview.location)}</p>
        )}
        {a.status === ApplicationStatus.AWAITING_PP_VERIFICATION && <p class="meta">{words.ppWaiting}</p>}
        {a.status === ApplicationStatus.PP_VERIFIED && <p class="meta">{words.ppReady}</p>}
      </>
    );
  }
}

/** The one step that leads ahead, by where she stands. */
function NextStep(props: { hasProfile: boolean }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { registration, applications, vacancies } = useCandidate();
  const reg = registration.data ?? undefined;
  const status = reg?.status ?? RegistrationStatus.UNSPECIFIED;
  // Once she is verified, the application furthest along decides the next step.
  const furthest = [ApplicationStatus.PP_VERIFIED, ApplicationStatus.AWAITING_PP_VERIFICATION, ApplicationStatus.INTERVIEW]
    .map((s) => applications.find((a) => a.status === s))
    .find(Boolean);
  const box = (title: string, children: JSX.Element) => (
    <div class="next-step" aria-labelledby="next-step-title">
      <p class="next-step-kicker">{words.next}</p>
      <h3 id="next-step-title">{title}</h3>
      {children}
    </div>
  );
  switch (status) {
    case RegistrationStatus.DRAFT:
      return box(
        words.draftTitle,
        <>
          <p>{words.draftLead}</p>
          <ActionLink to="/pendaftaran">{words.draft}</ActionLink>
        </>,
      );
    case RegistrationStatus.SUBMITTED:
      return box(
        words.waitTitle,
        <>
          <p>{words.waitLead}</p>
          {reg?.submitTime && <p class="meta">{words.submittedOn.replace("{d}", timeText(reg.submitTime, language))}</p>}
        </>,
      );
    case RegistrationStatus.REJECTED:
      return box(
        words.rejectedTitle,
        <>
          <p>{words.rejectedLead}</p>
          <Notice kind="error">
            <p class="rejection-reason">{reg?.rejectionReason}</p>
          </Notice>
          <div class="actions">
            <ActionLink to="/pendaftaran/detail">{words.detail}</ActionLink>
            <ActionLink to="/pendaftaran" secondary>
              {words.revise}
            </ActionLink>
          </div>
        </>,
      );
    case RegistrationStatus.VERIFIED:
      if (furthest) {
        const title = vacancies.get(furthest.vacancy)?.title ?? words.unknownVacancy;
        const said =
          furthest.status === ApplicationStatus.PP_VERIFIED
            ? words.ppReady
            : furthest.status === ApplicationStatus.AWAITING_PP_VERIFICATION
              ? words.ppWaiting
              : words.interviewAt.replace("{t}", timeText(furthest.interview?.time, language)).replace("{p}", furthest.interview?.location ?? "");
        return box(
          title,
          <>
            <p>{said}</p>
            <ActionLink to="/lamaranku">{words.seeApplications}</ActionLink>
          </>,
        );
      }
      return box(
        words.verifiedTitle,
        <>
          <p>{words.verifiedLead}</p>
          <ActionLink to="/lowongan">{words.findVacancies}</ActionLink>
        </>,
      );
    default:
      return box(
        words.startTitle,
        <>
          <p>{words.startLead}</p>
          <ActionLink to={props.hasProfile ? "/pendaftaran" : "/pencari-kerja"}>{words.start}</ActionLink>
        </>,
      );
  }
}

