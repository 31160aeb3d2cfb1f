/**
 * Lamaranku: each application's status as a timeline (Terkirim, Diproses, Wawancara with its
 * time and place, Menunggu Verifikasi PP, PP Telah Diverifikasi; a rejection or withdrawal
 * shown as where it stopped), live through WatchApplications; the PP to download; withdraw
 * after a confirmation.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApplicationStatus, DocumentKind, type Application, type ApplicationEvent } from "../../../typescript/src/index.js";
import { countryName, timeText } from "../format.js";
import { useLanguage, useWords, type Words } from "../i18n.js";
import { announce, DocumentView, FocusHeading, Notice, ProblemNotice, requestId, TextField, Timeline, useAction, type Step } from "../ui.js";
import { useCandidate } from "./data.js";
import { ActionLink, applicationTone } from "./widgets.js";
import { applicationStatusWords, documentWords } from "./words.js";

const WORDS: Words<
  | "title"
  | "lead"
  | "loading"
  | "none"
  | "find"
  | "timeline"
  | "appliedAt"
  | "interview"
  | "interviewWhen"
  | "interviewWhere"
  | "ppWaiting"
  | "ppRefused"
  | "ppVerified"
  | "rejectedBy"
  | "withdrawn"
  | "withdraw"
  | "withdrawConfirm"
  | "withdrawReason"
  | "withdrawYes"
  | "withdrawNo"
  | "withdrawDone"
  | "vacancy"
  | "at"
> = {
  "id-ID": {
    title: "Lamaranku",
    lead: "Status lamaran kamu berubah sendiri di halaman ini begitu P3MI atau Dinas memprosesnya.",
    loading: "Memuat lamaran…",
    none: "Kamu belum melamar lowongan.",
    find: "Cari lowongan luar negeri",
    timeline: "Status lamaran {v}",
    appliedAt: "Dilamar {t}",
    interview: "Jadwal wawancara",
    interviewWhen: "Waktu",
    interviewWhere: "Tempat",
    ppWaiting: "Kamu diterima. Bawa lamaran dan perjanjian penempatan (PP) ke kantor Dinas Ketenagakerjaan untuk diverifikasi.",
    ppRefused: "Dinas meminta perbaikan PP: {r}. P3MI akan mengirim PP yang sudah diperbaiki.",
    ppVerified: "Perjanjian penempatan sudah diverifikasi Dinas. Dokumen PP dapat diunduh.",
    rejectedBy: "Lamaran ditolak oleh P3MI",
    withdrawn: "Lamaran kamu batalkan",
    withdraw: "Batalkan lamaran",
    withdrawConfirm: "Yakin ingin membatalkan lamaran ini? Lamaran yang dibatalkan tidak dapat dilanjutkan.",
    withdrawReason: "Alasan (opsional)",
    withdrawYes: "Ya, batalkan lamaran",
    withdrawNo: "Tidak",
    withdrawDone: "Lamaran dibatalkan.",
    vacancy: "Lowongan",
    at: "{t}",
  },
  en: {
    title: "My applications",
    lead: "Your applications' status changes on this page by itself as soon as the P3MI or the Dinas acts.",
    loading: "Loading applications…",
    none: "You have not applied to a vacancy yet.",
    find: "Find overseas vacancies",
    timeline: "Status of the application to {v}",
    appliedAt: "Applied {t}",
    interview: "Interview",
    interviewWhen: "When",
    interviewWhere: "Where",
    ppWaiting: "You were accepted. Bring your application and the placement agreement (PP) to the Dinas office to be verified.",
    ppRefused: "The Dinas asked for the PP to be corrected: {r}. The P3MI will send a corrected PP.",
    ppVerified: "The Dinas verified the placement agreement. The PP can be downloaded.",
    rejectedBy: "Rejected by the P3MI",
    withdrawn: "You withdrew this application",
    withdraw: "Withdraw the application",
    withdrawConfirm: "Withdraw this application? A withdrawn application cannot go on.",
    withdrawReason: "Reason (optional)",
    withdrawYes: "Yes, withdraw it",
    withdrawNo: "No",
    withdrawDone: "Application withdrawn.",
    vacancy: "Vacancy",
    at: "{t}",
  },
};

const PATH = [
  ApplicationStatus.SENT,
  ApplicationStatus.PROCESSING,
  ApplicationStatus.INTERVIEW,
  ApplicationStatus.AWAITING_PP_VERIFICATION,
  ApplicationStatus.PP_VERIFIED,
];

export function ApplicationsPage(): JSX.Element {
  const words = useWords(WORDS);
  const { applications, applicationsLoaded } = useCandidate();
  return (
    <section aria-labelledby="applications-title">
      <FocusHeading id="applications-title">{words.title}</FocusHeading>
      <p>{words.lead}</p>
      {!applicationsLoaded && applications.length === 0 ? (
        <p role="status">{words.loading}</p>
      ) : applications.length === 0 ? (
        <>
          <p>{words.none}</p>
          <ActionLink to="/lowongan">{words.find}</ActionLink>
        </>
      ) : (
        <ul class="cards">
          {[...applications].reverse().map((application) => (
            <li key={application.name}>
              <ApplicationCard application={application} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function steps(application: Application, events: ApplicationEvent[], words: Record<keyof (typeof WORDS)["en"], string>, status: Record<ApplicationStatus, string>, language: "id-ID" | "en"): Step[] {
  const when = (s: ApplicationStatus) => {
    const event = [...events].reverse().find((e) => e.toStatus === s);
    return event?.time ? timeText(event.time, language) : "";
  };
  const stopped = application.status === ApplicationStatus.REJECTED || application.status === ApplicationStatus.WITHDRAWN;
  let reached = PATH.indexOf(application.status);
  if (stopped) {
    const last = [...events].reverse().find((e) => e.toStatus === application.status);
    reached = last ? Math.max(0, PATH.indexOf(last.fromStatus)) : 0;
  }
  const list: Step[] = [];
  PATH.forEach((s, i) => {
    if (stopped && i > reached) return;
    const state: Step["state"] = stopped || i < reached ? "done" : i === reached ? (s === ApplicationStatus.PP_VERIFIED ? "done" : "current") : "todo";
    let detail: JSX.Element | string | undefined = when(s) || undefined;
    if (s === ApplicationStatus.INTERVIEW && application.interview && i <= reached) {
      detail = (
        <>
          {timeText(application.interview.time, language)} · {application.interview.location}
        </>
      );
    }
    if (s === ApplicationStatus.AWAITING_PP_VERIFICATION && i === reached && !stopped) {
      detail = application.ppRefusalReason ? words.ppRefused.replace("{r}", application.ppRefusalReason) : words.ppWaiting;
    }
    list.push({ label: status[s], state, detail });
  });
  if (stopped) {
    const last = [...events].reverse().find((e) => e.toStatus === application.status);
    const label = application.status === ApplicationStatus.REJECTED ? words.rejectedBy : words.withdrawn;
    list.push({
      label: `${status[application.status]}: ${label}`,
      state: "stopped",
      detail: [last?.time ? timeText(last.time, language) : "", last?.reason ?? ""].filter(Boolean).join(" · ") || undefined,
    });
  }
  return list;
}

function ApplicationCard(props: { application: Application }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const status = applicationStatusWords[useLanguage()];
  const { cpmi, events, vacancies, putApplication, refresh } = useCandidate();
  const a = props.application;
  const vacancy = vacancies.get(a.vacancy);
  const id = `application-${a.name.replace(/[^A-Za-z0-9]/g, "-")}`;
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const withdraw = useAction(async () => {
    const after = await cpmi.applications.withdrawApplication({ name: a.name, etag: a.etag, reason: reason.trim(), requestId: requestId() });
    putApplication(after);
    setConfirming(false);
    announce(words.withdrawDone);
    refresh();
    return after;
  });
  const title = vacancy?.title ?? words.vacancy;
  const canWithdraw = PATH.indexOf(a.status) >= 0 && a.status !== ApplicationStatus.PP_VERIFIED;
  return (
    <article class="card application" aria-labelledby={`${id}-title`} data-application={a.name}>
      <h3 id={`${id}-title`}>{title}</h3>
      {vacancy && (
        <p class="meta">
          {vacancy.companyDisplayName} · {[countryName(vacancy.countryCode, language), vacancy.city].filter(Boolean).join(" · ")}
        </p>
      )}
      <p>
        <span class={applicationTone(a.status)} data-testid="application-status">
          {status[a.status]}
        </span>{" "}
        <span class="meta">{words.appliedAt.replace("{t}", timeText(a.createTime, language))}</span>
      </p>
      <Timeline label={words.timeline.replace("{v}", title)} steps={steps(a, events.get(a.name) ?? [], words, status, language)} />
      {a.status === ApplicationStatus.INTERVIEW && a.interview && (
        <div class="card interview">
          <h4>{words.interview}</h4>
          <dl class="facts">
            <dt>{words.interviewWhen}</dt>
            <dd>{timeText(a.interview.time, language)}</dd>
            <dt>{words.interviewWhere}</dt>
            <dd>{a.interview.location}</dd>
          </dl>
        </div>
      )}
      {a.status === ApplicationStatus.PP_VERIFIED && <Notice kind="success">{words.ppVerified}</Notice>}
      {a.placementAgreement && (a.status === ApplicationStatus.AWAITING_PP_VERIFICATION || a.status === ApplicationStatus.PP_VERIFIED) && (
        <DocumentView cpmi={cpmi} name={a.placementAgreement} label={documentWords[language][DocumentKind.PLACEMENT_AGREEMENT]} />
      )}
      {canWithdraw && !confirming && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            {words.withdraw}
          </button>
        </div>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            <strong>{words.withdrawConfirm}</strong>
          </p>
          <TextField label={words.withdrawReason} value={reason} onInput={setReason} maxLength={1000} />
          <div class="actions">
            <button type="button" class="danger" disabled={withdraw.busy} onClick={() => void withdraw.run()}>
              {words.withdrawYes}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {words.withdrawNo}
            </button>
          </div>
        </div>
      )}
      <ProblemNotice problem={withdraw.problem} />
    </article>
  );
}
