/**
 * PP: the placement agreements of this regency's candidates waiting for the Dinas, each with
 * the candidate, the company and vacancy and the PP document viewable; verify or refuse.
 * Kept live by WatchApplications for the regency, with announcements.
 */
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";
import {
  ApplicationStatus,
  type Application,
  type ApplicationEvent,
  type CpmiClient,
  type Registration,
  type Vacancy,
} from "../../../typescript/src/index.js";
import { useLanguage, useWords } from "../i18n.js";
import { countryName, timeText } from "../format.js";
import { useQuery, useWatch, type Query } from "../live.js";
import { useSigned } from "../session.js";
import { announce, DocumentView, FocusHeading, Notice, ProblemNotice, TextField, useAction, requestId } from "../ui.js";
import { candidateName, Facts, genderText } from "./form.js";
import { fill, WORDS, type DinasWords } from "./words.js";

export interface Agreement {
  application: Application;
  registration?: Registration;
  vacancy?: Vacancy;
}

const WAITING = ApplicationStatus.AWAITING_PP_VERIFICATION;

/** Applications waiting for the PP's verification, with whom and what they are for. */
async function loadAgreements(
  cpmi: CpmiClient,
  regency: string,
  people: Map<string, Promise<Registration | undefined>>,
  vacancies: Map<string, Promise<Vacancy | undefined>>,
): Promise<Agreement[]> {
  const applications: Application[] = [];
  let pageToken = "";
  for (let pages = 0; pages < 20; pages++) {
    const page = await cpmi.applications.listApplications({ parent: `regencies/${regency}`, status: WAITING, pageSize: 100, pageToken });
    applications.push(...page.applications);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  const person = (candidate: string) => {
    if (!people.has(candidate)) {
      people.set(
        candidate,
        cpmi.registration.getRegistration({ name: `${candidate}/registration` }).catch(() => {
          people.delete(candidate);
          return undefined;
        }),
      );
    }
    return people.get(candidate)!;
  };
  const vacancy = (name: string) => {
    if (!vacancies.has(name)) {
      vacancies.set(
        name,
        cpmi.vacancies.getVacancy({ name }).catch(() => {
          vacancies.delete(name);
          return undefined;
        }),
      );
    }
    return vacancies.get(name)!;
  };
  return Promise.all(
    applications.map(async (application) => ({
      application,
      registration: await person(application.candidate),
      vacancy: await vacancy(application.vacancy),
    })),
  );
}

/** The regency's waiting PPs, kept live; used by the portal for the tab's count too. */
export function useAgreements(): { agreements: Query<Agreement[]>; live: boolean } {
  const words = useWords(WORDS);
  const { session, cpmi } = useSigned();
  const people = useRef(new Map<string, Promise<Registration | undefined>>());
  const vacancies = useRef(new Map<string, Promise<Vacancy | undefined>>());
  const agreements = useQuery(() => loadAgreements(cpmi, session.subject, people.current, vacancies.current), [session.subject]);
  const last = useRef<bigint | undefined>(undefined);
  const [live, setLive] = useState(false);
  useWatch(
    (signal) => {
      setLive(true);
      return cpmi.applications.watchApplications(
        { parent: `regencies/${session.subject}`, ...(last.current !== undefined ? { afterSequence: last.current } : {}) },
        { signal },
      );
    },
    (event: ApplicationEvent) => {
      last.current = event.sequence;
      if (event.toStatus !== WAITING && event.fromStatus !== WAITING) return;
      agreements.reload();
      const arrived = event.toStatus === WAITING && (event.fromStatus !== WAITING || !event.snapshot?.ppRefusalReason);
      announce(arrived ? words.ppNew : words.ppGone);
    },
    [session.subject],
  );
  return { agreements, live };
}

function AgreementCard(props: { agreement: Agreement; onDone: () => void; words: DinasWords }): JSX.Element {
  const { words, agreement } = props;
  const language = useLanguage();
  const { cpmi } = useSigned();
  const { application, registration, vacancy } = agreement;
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const name = candidateName(registration, words);
  const verify = useAction(async () => {
    const after = await cpmi.applications.verifyPlacementAgreement({ name: application.name, etag: application.etag, requestId: requestId() });
    const said = fill(words.ppVerified, name);
    setDone(said);
    announce(said);
    props.onDone();
    return after;
  });
  const refuse = useAction(async () => {
    const after = await cpmi.applications.refusePlacementAgreement({
      name: application.name,
      etag: application.etag,
      reason: reason.trim(),
      requestId: requestId(),
    });
    const said = fill(words.ppRefused, name);
    setDone(said);
    announce(said);
    props.onDone();
    return after;
  });
  const problem = verify.problem ?? refuse.problem;
  const stale = problem?.reason === "ETAG_MISMATCH" || problem?.reason === "INVALID_TRANSITION";
  const busy = verify.busy || refuse.busy;
  const waitingFix = Boolean(application.ppRefusalReason);
  const headingId = `pp-${application.name.replace(/\W/g, "-")}`;
  const place = vacancy ? [countryName(vacancy.countryCode, language), vacancy.city].filter(Boolean).join(", ") : "";
  return (
    <li class="card dinas-pp" aria-labelledby={headingId} data-application={application.name}>
      <h3 id={headingId}>{name}</h3>
      <Facts
        words={words}
        rows={[
          [words.nik, registration?.form?.ktp?.nik ? <span class="dinas-number">{registration.form.ktp.nik}</span> : ""],
          [words.gender, genderText(registration?.gender, words)],
          [words.vacancy, vacancy?.title ?? ""],
          [words.company, vacancy?.companyDisplayName ?? ""],
          [words.country, place],
          [words.interview, application.interview ? [timeText(application.interview.time, language), application.interview.location].filter(Boolean).join(" · ") : ""],
          [words.acceptedAt, timeText(application.updateTime, language)],
        ]}
      />
      {application.placementAgreement && <DocumentView cpmi={cpmi} name={application.placementAgreement} label={`${words.ppDocument} · ${name}`} />}
      {waitingFix && (
        <Notice kind="warning">
          <p>
            {words.ppRefusedBefore}: <q>{application.ppRefusalReason}</q>
          </p>
          <p>{words.ppWaitingFix}</p>
        </Notice>
      )}
      {done && <Notice kind="success">{done}</Notice>}
      {stale ? <Notice kind="error">{words.ppConflict}</Notice> : <ProblemNotice problem={problem?.fields.reason ? undefined : problem} />}
      {!waitingFix && !done && !refusing && (
        <div class="actions">
          <button type="button" onClick={() => void verify.run()} disabled={busy} aria-label={`${words.verifyPp}: ${name}`}>
            {words.verifyPp}
          </button>
          <button type="button" class="danger" onClick={() => setRefusing(true)} disabled={busy} aria-label={`${words.refusePp}: ${name}`}>
            {words.refusePp}
          </button>
        </div>
      )}
      {refusing && !done && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const empty = !reason.trim();
            setMissing(empty);
            if (empty) {
              announce(words.reasonNeeded);
              return;
            }
            void refuse.run();
          }}
        >
          <TextField
            label={`${words.refuseReason} · ${name}`}
            value={reason}
            onInput={setReason}
            multiline
            required
            maxLength={1000}
            hint={words.refuseHint}
            error={missing ? words.reasonNeeded : refuse.problem?.fields.reason}
          />
          <div class="actions">
            <button type="submit" class="danger" disabled={busy}>
              {words.refuseSend}
            </button>
            <button type="button" class="secondary" onClick={() => setRefusing(false)} disabled={busy}>
              {words.cancel}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

export function Agreements(props: { agreements: Query<Agreement[]>; live: boolean }): JSX.Element {
  const words = useWords(WORDS);
  const { agreements } = props;
  const list = agreements.data ?? [];
  // A decided card stays until the list is loaded again, so its outcome can be read.
  const [kept, setKept] = useState<Agreement[]>([]);
  const shown = [...list, ...kept.filter((k) => !list.some((a) => a.application.name === k.application.name))];
  const waiting = shown.filter((a) => !a.application.ppRefusalReason);
  const fixing = shown.filter((a) => a.application.ppRefusalReason);
  const card = (agreement: Agreement) => (
    <AgreementCard
      key={agreement.application.name}
      agreement={agreement}
      words={words}
      onDone={() => {
        setKept((before) => [...before, agreement]);
        agreements.reload();
      }}
    />
  );
  return (
    <section aria-labelledby="pp-title">
      <FocusHeading id="pp-title">{words.ppTitle}</FocusHeading>
      <p>{words.ppLead}</p>
      <p class="meta dinas-live" id="pp-live">
        {props.live && <span class="status status-ok">{words.ppLive}</span>}
      </p>
      {agreements.loading && !agreements.data && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={agreements.problem?.away ? undefined : agreements.problem} />
      {agreements.data && waiting.length === 0 && <Notice>{words.ppEmpty}</Notice>}
      <ul class="cards" id="pp-waiting">
        {waiting.map(card)}
      </ul>
      {fixing.length > 0 && (
        <>
          <h3>{words.ppWaitingFix}</h3>
          <ul class="cards" id="pp-fixing">
            {fixing.map(card)}
          </ul>
        </>
      )}
    </section>
  );
}
