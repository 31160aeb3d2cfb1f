/**
 * Antrean: the registrations sent to this Dinas, oldest first, a page at a time; one opened
 * shows every field, every document and every round, and takes the Dinas's decision.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { RegistrationStatus, RoundDecision, type Registration, type RegistrationRound } from "../../../typescript/src/index.js";
import type { Problem } from "../errors.js";
import { useLanguage, useWords } from "../i18n.js";
import { timeText, idOf } from "../format.js";
import { useQuery } from "../live.js";
import { go } from "../route.js";
import { useSigned } from "../session.js";
import { announce, FocusHeading, Notice, Pager, ProblemNotice, TextField, Timeline, useAction, requestId, type Step } from "../ui.js";
import { candidateName, FormView } from "./form.js";
import { fill, WORDS, type DinasWords } from "./words.js";

const PAGE_SIZE = 20;

export function statusText(status: RegistrationStatus, words: DinasWords): { text: string; kind: string } {
  switch (status) {
    case RegistrationStatus.SUBMITTED:
      return { text: words.statusSubmitted, kind: "status-wait" };
    case RegistrationStatus.REJECTED:
      return { text: words.statusRejected, kind: "status-bad" };
    case RegistrationStatus.VERIFIED:
      return { text: words.statusVerified, kind: "status-ok" };
    default:
      return { text: words.statusDraft, kind: "" };
  }
}

function roundText(round: number, words: DinasWords): string {
  return round <= 1 ? words.roundFirst : fill(words.round, round);
}

export function Queue(): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { session, cpmi } = useSigned();
  const [tokens, setTokens] = useState<string[]>([""]);
  const pageToken = tokens[tokens.length - 1];
  const queue = useQuery(
    () => cpmi.registration.listSubmittedRegistrations({ parent: `regencies/${session.subject}`, pageSize: PAGE_SIZE, pageToken }),
    [session.subject, pageToken],
  );
  const registrations = queue.data?.registrations ?? [];
  return (
    <section aria-labelledby="queue-title">
      <FocusHeading id="queue-title">{words.queueTitle}</FocusHeading>
      <p>{words.queueLead}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={queue.reload} disabled={queue.loading}>
          {words.reload}
        </button>
      </div>
      {queue.loading && !queue.data && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={queue.problem?.away ? undefined : queue.problem} />
      {queue.data && registrations.length === 0 && <Notice>{words.queueEmpty}</Notice>}
      <ul class="cards" id="queue">
        {registrations.map((registration) => {
          const candidate = idOf(registration.name.replace(/\/registration$/, ""));
          const name = candidateName(registration, words);
          return (
            <li key={registration.name} class="card dinas-queue-item" data-candidate={candidate}>
              <h3>
                <a href={`#/antrean/${encodeURIComponent(candidate)}`}>{name}</a>
              </h3>
              <p class="meta">
                {words.nik} <span class="dinas-number">{registration.form?.ktp?.nik}</span>
              </p>
              <p class="meta">
                {words.submittedAt} {timeText(registration.submitTime, language)} · {roundText(registration.round, words)}
              </p>
            </li>
          );
        })}
      </ul>
      <Pager tokens={tokens} next={queue.data?.nextPageToken || undefined} onPage={setTokens} words={words} label={words.queueTitle} />
    </section>
  );
}

/** One round as a timeline step: what was sent, when, who decided, when and why. */
function roundStep(round: RegistrationRound, words: DinasWords, language: ReturnType<typeof useLanguage>): Step {
  const officer = fill(words.officer, idOf(round.decidedBy) || "");
  const decided =
    round.decision === RoundDecision.VERIFIED
      ? `${fill(words.verifiedBy, officer)} · ${timeText(round.decideTime, language)}`
      : round.decision === RoundDecision.REJECTED
        ? `${fill(words.rejectedBy, officer)} · ${timeText(round.decideTime, language)}`
        : words.pending;
  return {
    label: fill(words.roundLabel, round.round),
    state: round.decision === RoundDecision.REJECTED ? "stopped" : round.decision === RoundDecision.VERIFIED ? "done" : "current",
    detail: (
      <>
        <p>
          {words.sentBy} · {fill(words.sentAt, timeText(round.submitTime, language))}
        </p>
        <p>{decided}</p>
        {round.reason && (
          <p>
            {words.why}: <q>{round.reason}</q>
          </p>
        )}
      </>
    ),
  };
}

function History(props: { candidate: string; turn: string }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi } = useSigned();
  const rounds = useQuery(async () => {
    const all: RegistrationRound[] = [];
    let pageToken = "";
    do {
      const page = await cpmi.registration.listRegistrationRounds({ parent: `candidates/${props.candidate}/registration`, pageSize: 100, pageToken });
      all.push(...page.rounds);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }, [props.candidate, props.turn]);
  const list = rounds.data ?? [];
  return (
    <section class="card" aria-labelledby="history-title">
      <h3 id="history-title">{words.history}</h3>
      {rounds.loading && !rounds.data && <p>{words.loading}</p>}
      <ProblemNotice problem={rounds.problem?.away ? undefined : rounds.problem} />
      {rounds.data && list.length === 0 && <p>{words.historyEmpty}</p>}
      {list.length > 0 && <Timeline label={words.history} steps={list.map((round) => roundStep(round, words, language))} />}
      {list.map((round) => (
        <details key={round.round} class="dinas-round">
          <summary>
            {words.sentForm} ({fill(words.roundLabel, round.round)})
          </summary>
          <FormView cpmi={cpmi} form={round.form} words={words} level={4} />
        </details>
      ))}
    </section>
  );
}

/** What a refused decision means for the officer, in words (the server's text names resources). */
function decisionProblem(problem: Problem | undefined, words: DinasWords): { message: string; stale: boolean } | undefined {
  if (!problem) return undefined;
  if (problem.reason === "ETAG_MISMATCH") return { message: words.conflict, stale: true };
  if (problem.reason === "REGISTRATION_NOT_SUBMITTED") return { message: words.conflictDecided, stale: true };
  return undefined;
}

function Decision(props: { registration: Registration; onDecided: (after: Registration) => void; onStale: () => void }): JSX.Element {
  const words = useWords(WORDS);
  const { cpmi } = useSigned();
  const [confirming, setConfirming] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const name = candidateName(props.registration, words);
  const verify = useAction(async () => {
    const after = await cpmi.registration.verifyRegistration({ name: props.registration.name, etag: props.registration.etag, requestId: requestId() });
    announce(fill(words.verified, name));
    props.onDecided(after);
    return after;
  });
  const reject = useAction(async () => {
    const after = await cpmi.registration.rejectRegistration({
      name: props.registration.name,
      etag: props.registration.etag,
      reason: reason.trim(),
      requestId: requestId(),
    });
    announce(fill(words.rejected, name));
    props.onDecided(after);
    return after;
  });
  const problem = verify.problem ?? reject.problem;
  const known = decisionProblem(problem, words);
  const busy = verify.busy || reject.busy;
  return (
    <section class="card dinas-decision" aria-labelledby="decision-title">
      <h3 id="decision-title">{words.decision}</h3>
      <p>{words.decisionLead}</p>
      {known ? (
        <div class="notice notice-error" role="alert">
          <p>{known.message}</p>
          <div class="actions">
            <button type="button" onClick={props.onStale}>
              {words.loadLatest}
            </button>
          </div>
        </div>
      ) : (
        <ProblemNotice problem={problem?.reason === "INVALID_FIELDS" && problem.fields.reason ? undefined : problem} />
      )}
      {!rejecting && !confirming && (
        <div class="actions">
          <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
            {words.verify}
          </button>
          <button type="button" class="danger" onClick={() => setRejecting(true)} disabled={busy}>
            {words.reject}
          </button>
        </div>
      )}
      {confirming && (
        <div class="notice" role="group" aria-label={words.verify}>
          <p>{fill(words.verifyConfirm, name)}</p>
          <div class="actions">
            <button type="button" onClick={() => void verify.run()} disabled={busy}>
              {words.yesVerify}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {words.cancel}
            </button>
          </div>
        </div>
      )}
      {rejecting && (
        <form
          class="dinas-reject"
          onSubmit={(event) => {
            event.preventDefault();
            const empty = !reason.trim();
            setMissing(empty);
            if (empty) {
              announce(words.reasonNeeded);
              return;
            }
            void reject.run();
          }}
        >
          <TextField
            label={words.rejectReason}
            value={reason}
            onInput={setReason}
            multiline
            required
            maxLength={1000}
            hint={words.rejectHint}
            error={missing ? words.reasonNeeded : reject.problem?.fields.reason}
          />
          <div class="actions">
            <button type="submit" class="danger" disabled={busy}>
              {words.rejectSend}
            </button>
            <button type="button" class="secondary" onClick={() => setRejecting(false)} disabled={busy}>
              {words.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function RegistrationPage(props: { candidate: string }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi } = useSigned();
  const [decided, setDecided] = useState<Registration | undefined>();
  const loaded = useQuery(() => cpmi.registration.getRegistration({ name: `candidates/${props.candidate}/registration` }), [props.candidate]);
  const registration = decided ?? loaded.data;
  const reload = () => {
    setDecided(undefined);
    loaded.reload();
  };
  const name = candidateName(registration, words);
  const status = registration ? statusText(registration.status, words) : undefined;
  return (
    <section aria-labelledby="registration-title" class="dinas-registration">
      <p>
        <a href="#/antrean">← {words.back}</a>
      </p>
      <FocusHeading id="registration-title" focusKey={props.candidate}>
        {registration ? name : words.candidateLoading}
      </FocusHeading>
      {loaded.loading && !registration && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={loaded.problem?.away ? undefined : loaded.problem} />
      {registration && status && (
        <>
          <div class="card">
            <p>
              {words.status}: <span class={`status ${status.kind}`}>{status.text}</span>
            </p>
            <p class="meta">
              {words.submittedAt} {timeText(registration.submitTime, language)} · {roundText(registration.round, words)}
            </p>
            {registration.status === RegistrationStatus.REJECTED && registration.rejectionReason && (
              <p>
                {words.why}: <q>{registration.rejectionReason}</q>
              </p>
            )}
          </div>
          {decided && (
            <Notice kind="success">
              <p>{fill(decided.status === RegistrationStatus.VERIFIED ? words.verified : words.rejected, name)}</p>
              <p>
                <a href="#/antrean" onClick={() => go("/antrean")}>
                  {words.back}
                </a>
              </p>
            </Notice>
          )}
          <FormView cpmi={cpmi} form={registration.form} registration={registration} words={words} />
          <History candidate={props.candidate} turn={`${registration.etag}`} />
          {registration.status === RegistrationStatus.SUBMITTED ? (
            <Decision key={registration.etag} registration={registration} onDecided={setDecided} onStale={reload} />
          ) : (
            !decided && <Notice>{words.notWaiting}</Notice>
          )}
        </>
      )}
    </section>
  );
}
