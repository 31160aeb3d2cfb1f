/**
 * Pelamar: the applications to the company's vacancies, one card per application with the
 * person behind it (GetApplicant: name, phone, the documents the company may see, viewable
 * in the page), its steps as a timeline (ListApplicationEvents) and the step the company
 * takes next, from the card itself: Proses, Jadwalkan wawancara, Terima with the PP
 * (UploadDocument under the application, then AcceptApplication), Tolak with a reason, and a
 * corrected PP after the Dinas refused one (ResubmitPlacementAgreement).
 */
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import {
  ApplicationStatus,
  DocumentKind,
  Gender,
  type Application,
  type ApplicationEvent,
  type Applicant,
  type CpmiClient,
} from "../../../typescript/src/index.js";
import { useLanguage, useWords, type Language } from "../i18n.js";
import { useQuery } from "../live.js";
import { dateText, fromDate, idOf, timeText } from "../format.js";
import { useSigned } from "../session.js";
import {
  announce,
  DocumentView,
  Field,
  FileField,
  fileBytes,
  FocusHeading,
  Notice,
  ProblemNotice,
  requestId,
  SelectField,
  TextField,
  Timeline,
  useAction,
  type Step,
} from "../ui.js";
import { StepProblem, useFieldAction } from "./fields.js";
import { useLive } from "./live.js";
import { useVacancy, vacancyName } from "./vacancies.js";
import { APPLICANT_WORDS, STATUS_WORDS, statusKey } from "./words.js";

type ApplicantWords = (typeof APPLICANT_WORDS)["en"];

// ---- the pages ------------------------------------------------------------------------

export function VacancyApplicants(props: { vacancyId: string }): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const { session, cpmi } = useSigned();
  const live = useLive();
  const vacancy = useVacancy(props.vacancyId);
  const [turn, setTurn] = useState(0);
  const list = useQuery(
    () => cpmi.applications.listApplications({ parent: vacancyName(session.resource, props.vacancyId), pageSize: 500 }),
    [props.vacancyId, live.tick, turn],
  );
  const applications = list.data?.applications ?? [];
  return (
    <section aria-labelledby="applicants-title">
      <p>
        <a href="#/lowongan">{words.back}</a>
      </p>
      <FocusHeading id="applicants-title">{words.vacancyTitle.replace("{title}", vacancy.data?.title ?? "")}</FocusHeading>
      <p class="meta">{words.lead}</p>
      <ProblemNotice problem={list.problem ?? vacancy.problem} />
      {list.loading && !list.data && <p role="status">{words.loading}</p>}
      {list.data && applications.length === 0 && <p>{words.none}</p>}
      <ul class="cards" aria-label={words.listLabel}>
        {applications.map((application) => (
          <li key={application.name}>
            <ApplicationCard application={application} onChanged={() => setTurn((n) => n + 1)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

const FILTERS = [
  ApplicationStatus.UNSPECIFIED,
  ApplicationStatus.SENT,
  ApplicationStatus.PROCESSING,
  ApplicationStatus.INTERVIEW,
  ApplicationStatus.AWAITING_PP_VERIFICATION,
  ApplicationStatus.PP_VERIFIED,
  ApplicationStatus.REJECTED,
  ApplicationStatus.WITHDRAWN,
];

export function AllApplicants(): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const statusWords = useWords(STATUS_WORDS);
  const { session, cpmi } = useSigned();
  const live = useLive();
  const [status, setStatus] = useState(ApplicationStatus.UNSPECIFIED);
  const [turn, setTurn] = useState(0);
  const list = useQuery(() => cpmi.applications.listApplications({ parent: session.resource, status, pageSize: 500 }), [status, live.tick, turn]);
  const vacancies = useQuery(() => cpmi.vacancies.listVacancies({ company: session.resource, includeClosed: true, pageSize: 500 }), [session.resource]);
  const titles = useMemo(() => new Map((vacancies.data?.vacancies ?? []).map((v) => [idOf(v.name), v.title])), [vacancies.data]);
  const applications = list.data?.applications ?? [];
  return (
    <section aria-labelledby="all-applicants-title">
      <FocusHeading id="all-applicants-title">{words.allTitle}</FocusHeading>
      <p class="meta">{words.lead}</p>
      <SelectField
        label={words.filterStatus}
        value={status}
        onChange={setStatus}
        options={FILTERS.map((s) => ({ value: s, label: s === ApplicationStatus.UNSPECIFIED ? words.anyStatus : statusWords[statusKey(s)] }))}
        name="status"
      />
      <ProblemNotice problem={list.problem} />
      {list.loading && !list.data && <p role="status">{words.loading}</p>}
      {list.data && applications.length === 0 && <p>{words.none}</p>}
      <ul class="cards" aria-label={words.listLabel}>
        {applications.map((application) => (
          <li key={application.name}>
            <ApplicationCard application={application} vacancyTitle={titles.get(idOf(application.vacancy)) ?? ""} onChanged={() => setTurn((n) => n + 1)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---- one application ------------------------------------------------------------------

const ORDER = [
  ApplicationStatus.SENT,
  ApplicationStatus.PROCESSING,
  ApplicationStatus.INTERVIEW,
  ApplicationStatus.AWAITING_PP_VERIFICATION,
  ApplicationStatus.PP_VERIFIED,
];

const ACTIVE = new Set([ApplicationStatus.SENT, ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW]);

function statusClass(status: ApplicationStatus): string {
  if (status === ApplicationStatus.PP_VERIFIED) return "status-ok";
  if (status === ApplicationStatus.REJECTED || status === ApplicationStatus.WITHDRAWN) return "status-bad";
  if (status === ApplicationStatus.AWAITING_PP_VERIFICATION || status === ApplicationStatus.SENT) return "status-wait";
  return "";
}

/** The application's steps: each reached one with when it happened; a stop when it ended early. */
export function stepsOf(
  application: Application,
  events: ApplicationEvent[],
  statusWords: (typeof STATUS_WORDS)["en"],
  words: ApplicantWords,
  language: Language,
): Step[] {
  const when = (status: ApplicationStatus) => {
    const found = events.find((e) => e.toStatus === status);
    return found?.time ? timeText(found.time, language) : "";
  };
  const stopped = application.status === ApplicationStatus.REJECTED || application.status === ApplicationStatus.WITHDRAWN;
  // How far it got: for a stopped one, the furthest status its events reached before the stop.
  let reached = ORDER.indexOf(application.status);
  if (stopped) reached = Math.max(0, ...events.map((e) => ORDER.indexOf(e.fromStatus)));
  const detail = (status: ApplicationStatus): JSX.Element | undefined => {
    const at = when(status);
    const lines: (string | JSX.Element)[] = [];
    if (at) lines.push(at);
    if (status === ApplicationStatus.INTERVIEW && application.interview?.time && reached >= 2) {
      lines.push(words.interviewAt.replace("{time}", timeText(application.interview.time, language)).replace("{place}", application.interview.location));
    }
    if (status === ApplicationStatus.AWAITING_PP_VERIFICATION) {
      // Each round of the PP: a refusal by the Dinas, a corrected PP from the company.
      for (const e of events) {
        if (e.fromStatus !== status || e.toStatus !== status) continue;
        const at = e.time ? timeText(e.time, language) : "";
        lines.push(
          e.actor.startsWith("regencies/")
            ? words.ppRefusedAt.replace("{time}", at).replace("{reason}", e.reason)
            : words.ppResentAt.replace("{time}", at),
        );
      }
    }
    return lines.length ? (
      <>
        {lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </>
    ) : undefined;
  };
  const steps: Step[] = [];
  ORDER.forEach((status, i) => {
    if (stopped && i > reached) return;
    const state: Step["state"] =
      stopped || i < reached || application.status === ApplicationStatus.PP_VERIFIED ? "done" : i === reached ? "current" : "todo";
    steps.push({ label: statusWords[statusKey(status)], detail: detail(status), state });
  });
  if (stopped) {
    const last = [...events].reverse().find((e) => e.toStatus === application.status);
    const lines = [when(application.status), last?.reason ? words.reasonWas.replace("{reason}", last.reason) : ""].filter(Boolean);
    steps.push({
      label: statusWords[statusKey(application.status)],
      detail: lines.length ? (
        <>
          {lines.map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </>
      ) : undefined,
      state: "stopped",
    });
  }
  return steps;
}

function documentLabel(kind: DocumentKind, words: ApplicantWords): string {
  switch (kind) {
    case DocumentKind.KTP:
      return words.docKtp;
    case DocumentKind.COMPETENCY_CERTIFICATE:
      return words.docCertificate;
    case DocumentKind.HEALTH_CERTIFICATE:
      return words.docHealth;
    case DocumentKind.BPJS_CARD:
      return words.docBpjs;
    case DocumentKind.PLACEMENT_AGREEMENT:
      return words.docPp;
    default:
      return words.docOther;
  }
}

type Open = "none" | "interview" | "accept" | "reject" | "resubmit";

export function ApplicationCard(props: { application: Application; vacancyTitle?: string; onChanged: () => void }): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const statusWords = useWords(STATUS_WORDS);
  const language = useLanguage();
  const { cpmi } = useSigned();
  const a = props.application;
  const id = idOf(a.name);
  const applicant = useQuery(() => cpmi.applications.getApplicant({ name: `${a.name}/applicant` }), [a.name, a.etag]);
  const events = useQuery(async () => (await cpmi.applications.listApplicationEvents({ parent: a.name, pageSize: 500 })).events, [a.name, a.etag]);
  // After a rejection or a withdrawal the company no longer sees the person (NOT_FOUND): the
  // details read before are dropped, not kept on the card.
  const ended = a.status === ApplicationStatus.REJECTED || a.status === ApplicationStatus.WITHDRAWN;
  const person = applicant.problem || ended ? undefined : applicant.data;
  const name = person?.fullName || (applicant.loading && !applicant.problem && !ended ? words.loadingName : ended ? words.closedApplicant : words.unnamed);
  const [open, setOpen] = useState<Open>("none");
  const headingId = `application-${id}`;
  const changed = (status: ApplicationStatus) => {
    announce(words.nowStatus.replace("{name}", name).replace("{status}", statusWords[statusKey(status)]));
    setOpen("none");
    props.onChanged();
  };
  const processing = useAction(async () => {
    const done = await cpmi.applications.processApplication({ name: a.name, etag: a.etag, requestId: requestId() });
    changed(done.status);
  });
  const steps = stepsOf(a, events.data ?? [], statusWords, words, language);
  const toggle = (which: Open) => setOpen(open === which ? "none" : which);

  return (
    <article class={`card application${a.status === ApplicationStatus.SENT ? " new" : ""}`} aria-labelledby={headingId} data-application={id}>
      <div class="card-head">
        <h3 id={headingId}>{name}</h3>
        <span class={`status ${statusClass(a.status)}`}>{statusWords[statusKey(a.status)]}</span>
      </div>
      <p class="meta">
        {props.vacancyTitle ? `${props.vacancyTitle} · ` : ""}
        {words.appliedOn.replace("{time}", timeText(a.createTime, language))}
      </p>
      {person ? <ApplicantFacts person={person} cpmi={cpmi} words={words} language={language} /> : (applicant.problem || ended) && <p class="hint">{words.notShared}</p>}
      <h4 class="sub">{words.progress}</h4>
      <Timeline steps={steps} label={words.progressOf.replace("{name}", name)} />
      {a.placementAgreement && <DocumentView cpmi={cpmi} name={a.placementAgreement} label={words.docPp} />}
      <div class="actions">
        {a.status === ApplicationStatus.SENT && (
          <button type="button" disabled={processing.busy} onClick={() => void processing.run()}>
            {words.process}
          </button>
        )}
        {(a.status === ApplicationStatus.PROCESSING || a.status === ApplicationStatus.INTERVIEW) && (
          <button type="button" class={a.status === ApplicationStatus.INTERVIEW ? "secondary" : ""} aria-expanded={open === "interview"} onClick={() => toggle("interview")}>
            {a.status === ApplicationStatus.INTERVIEW ? words.reschedule : words.schedule}
          </button>
        )}
        {a.status === ApplicationStatus.INTERVIEW && (
          <button type="button" aria-expanded={open === "accept"} onClick={() => toggle("accept")}>
            {words.accept}
          </button>
        )}
        {a.status === ApplicationStatus.AWAITING_PP_VERIFICATION && a.ppRefusalReason && (
          <button type="button" aria-expanded={open === "resubmit"} onClick={() => toggle("resubmit")}>
            {words.resubmit}
          </button>
        )}
        {ACTIVE.has(a.status) && (
          <button type="button" class="danger" aria-expanded={open === "reject"} onClick={() => toggle("reject")}>
            {words.reject}
          </button>
        )}
      </div>
      <ProblemNotice problem={processing.problem} />
      {a.status === ApplicationStatus.AWAITING_PP_VERIFICATION && !a.ppRefusalReason && <Notice>{words.waitingDinas}</Notice>}
      {a.status === ApplicationStatus.PP_VERIFIED && <Notice kind="success">{words.verified}</Notice>}
      {open === "interview" && <InterviewForm application={a} name={name} cpmi={cpmi} done={changed} onCancel={() => setOpen("none")} />}
      {(open === "accept" || open === "resubmit") && (
        <PlacementForm application={a} name={name} cpmi={cpmi} resubmit={open === "resubmit"} done={changed} onCancel={() => setOpen("none")} />
      )}
      {open === "reject" && <RejectForm application={a} name={name} cpmi={cpmi} done={changed} onCancel={() => setOpen("none")} />}
    </article>
  );
}

function ApplicantFacts(props: { person: Applicant; cpmi: CpmiClient; words: ApplicantWords; language: Language }): JSX.Element {
  const { person, words, language } = props;
  const gender = person.gender === Gender.MALE ? words.male : person.gender === Gender.FEMALE ? words.female : "";
  return (
    <>
      <dl class="facts">
        {person.phoneNumber && (
          <>
            <dt>{words.phone}</dt>
            <dd>
              <a href={`tel:${person.phoneNumber.replace(/[^\d+]/g, "")}`}>{person.phoneNumber}</a>
            </dd>
          </>
        )}
        {gender && (
          <>
            <dt>{words.gender}</dt>
            <dd>{gender}</dd>
          </>
        )}
        {person.birthDate?.year ? (
          <>
            <dt>{words.born}</dt>
            <dd>
              {dateText(person.birthDate, language)}
              {person.age ? ` (${words.years.replace("{n}", String(person.age))})` : ""}
            </dd>
          </>
        ) : null}
        {person.homeRegencyDisplayName && (
          <>
            <dt>{words.home}</dt>
            <dd>{person.homeRegencyDisplayName}</dd>
          </>
        )}
        {person.nik && (
          <>
            <dt>{words.nik}</dt>
            <dd class="code">
              {person.nik}
              {person.nikMasked && <span class="hint"> {words.nikMasked}</span>}
            </dd>
          </>
        )}
      </dl>
      {person.documents.length > 0 && (
        <div class="documents">
          <h4 class="sub">{words.documents}</h4>
          {person.documents.map((d) => {
            const extra = [d.title, d.number, d.expiryDate?.year ? words.validUntil.replace("{date}", dateText(d.expiryDate, language)) : ""].filter(Boolean).join(" · ");
            return <DocumentView key={d.document} cpmi={props.cpmi} name={d.document} label={extra ? `${documentLabel(d.kind, words)}: ${extra}` : documentLabel(d.kind, words)} />;
          })}
        </div>
      )}
    </>
  );
}

interface StepFormProps {
  application: Application;
  name: string;
  cpmi: CpmiClient;
  done: (status: ApplicationStatus) => void;
  onCancel: () => void;
}

function tomorrow(): string {
  const when = new Date(Date.now() + 86400000);
  return fromDate({ year: when.getFullYear(), month: when.getMonth() + 1, day: when.getDate() });
}

function InterviewForm(props: StepFormProps): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const a = props.application;
  const before = a.interview?.time ? new Date(Number(a.interview.time.seconds) * 1000) : undefined;
  const [date, setDate] = useState(before ? fromDate({ year: before.getFullYear(), month: before.getMonth() + 1, day: before.getDate() }) : tomorrow());
  const [time, setTime] = useState(before ? before.toTimeString().slice(0, 5) : "09:00");
  const [place, setPlace] = useState(a.interview?.location ?? "");
  const [own, setOwn] = useState<Record<string, string>>({});
  const scheduling = useFieldAction(async () => {
    const when = new Date(`${date}T${time || "00:00"}`);
    const mine: Record<string, string> = {};
    if (!date || Number.isNaN(when.getTime())) mine.date = words.dateNeeded;
    else if (when.getTime() <= Date.now()) mine.date = words.dateFuture;
    if (!place.trim()) mine.place = words.placeNeeded;
    setOwn(mine);
    if (Object.keys(mine).length) {
      announce(Object.values(mine).join(" "));
      return;
    }
    const done = await props.cpmi.applications.scheduleInterview({
      name: a.name,
      etag: a.etag,
      interview: { time: { seconds: BigInt(Math.floor(when.getTime() / 1000)), nanos: 0 }, location: place.trim() },
      requestId: requestId(),
    });
    props.done(done.status);
  });
  const fields = scheduling.fields;
  return (
    <form
      class="step-form"
      aria-label={words.scheduleFor.replace("{name}", props.name)}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void scheduling.run();
      }}
    >
      <h4 class="sub">{words.scheduleFor.replace("{name}", props.name)}</h4>
      <div class="grid">
        <TextField label={words.date} type="date" value={date} onInput={setDate} required error={own.date ?? fields["interview.time"]} name="interview-date" />
        <Field label={words.time} required>
          {(id, describedBy) => <input id={id} type="time" name="interview-time" value={time} aria-describedby={describedBy} onInput={(e) => setTime((e.target as HTMLInputElement).value)} />}
        </Field>
      </div>
      <TextField label={words.place} value={place} onInput={setPlace} required hint={words.placeHint} error={own.place ?? fields["interview.location"]} name="interview-place" maxLength={500} />
      <StepProblem problem={scheduling.problem} />
      <div class="actions">
        <button type="submit" disabled={scheduling.busy}>
          {words.scheduleSend}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {words.cancel}
        </button>
      </div>
    </form>
  );
}

function PlacementForm(props: StepFormProps & { resubmit: boolean }): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const a = props.application;
  const [file, setFile] = useState<File | undefined>();
  const [missing, setMissing] = useState(false);
  const sending = useFieldAction(async () => {
    if (!file) {
      setMissing(true);
      announce(words.ppNeeded);
      return;
    }
    const document = await props.cpmi.documents.uploadDocument({
      parent: a.name,
      kind: DocumentKind.PLACEMENT_AGREEMENT,
      filename: file.name,
      content: await fileBytes(file),
      requestId: requestId(),
    });
    const attach = { name: a.name, etag: a.etag, placementAgreement: document.name, requestId: requestId() };
    const done = props.resubmit
      ? await props.cpmi.applications.resubmitPlacementAgreement(attach)
      : await props.cpmi.applications.acceptApplication(attach);
    props.done(done.status);
  });
  const title = (props.resubmit ? words.resubmitFor : words.acceptFor).replace("{name}", props.name);
  return (
    <form
      class="step-form"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void sending.run();
      }}
    >
      <h4 class="sub">{title}</h4>
      <p>{props.resubmit ? words.resubmitLead.replace("{reason}", a.ppRefusalReason) : words.acceptLead}</p>
      <FileField
        label={words.ppFile}
        onFile={(f) => {
          setFile(f);
          setMissing(false);
        }}
        error={missing ? words.ppNeeded : sending.fields.content ?? sending.fields.filename}
        done={file ? words.chosen.replace("{file}", file.name) : undefined}
        name="placement-agreement"
      />
      <StepProblem problem={sending.problem} />
      <div class="actions">
        <button type="submit" disabled={sending.busy}>
          {sending.busy ? words.uploading : props.resubmit ? words.resubmitSend : words.acceptSend}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {words.cancel}
        </button>
      </div>
    </form>
  );
}

function RejectForm(props: StepFormProps): JSX.Element {
  const words = useWords(APPLICANT_WORDS);
  const a = props.application;
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const rejecting = useFieldAction(async () => {
    if (!reason.trim()) {
      setMissing(true);
      announce(words.reasonNeeded);
      return;
    }
    const done = await props.cpmi.applications.rejectApplication({ name: a.name, etag: a.etag, reason: reason.trim(), requestId: requestId() });
    props.done(done.status);
  });
  const title = words.rejectFor.replace("{name}", props.name);
  return (
    <form
      class="step-form"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void rejecting.run();
      }}
    >
      <h4 class="sub">{title}</h4>
      <TextField
        label={words.reason}
        multiline
        value={reason}
        onInput={(r) => (setReason(r), setMissing(false))}
        required
        hint={words.reasonHint}
        error={missing ? words.reasonNeeded : rejecting.fields.reason}
        name="reject-reason"
        maxLength={1000}
      />
      <StepProblem problem={rejecting.problem} />
      <div class="actions">
        <button type="submit" class="danger" disabled={rejecting.busy}>
          {words.rejectSend}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {words.cancel}
        </button>
      </div>
    </form>
  );
}
