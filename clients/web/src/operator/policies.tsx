/**
 * Kebijakan: the policy versions, one read in full (its rules in words and its document),
 * a new one loaded (pasted or from a .json file), the dry-run impact per rule, Aktifkan and
 * Kembalikan, each confirmed first.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import {
  ConnectError,
  PolicyState,
  PolicyView,
  type CpmiClient,
  type DryRunPolicyResponse,
  type Policy,
} from "../../../typescript/src/index.js";
import { useLanguage, useWords, type Language } from "../i18n.js";
import { dateText, timeText, toDate } from "../format.js";
import { useQuery } from "../live.js";
import { go } from "../route.js";
import { useSigned } from "../session.js";
import { announce, Field, FocusHeading, Notice, Pager, ProblemNotice, TextField, useAction, requestId } from "../ui.js";
import { fill, RULE_NAMES, WORDS, type OperatorWords } from "./words.js";

// ---- the policy document, read for words ---------------------------------------------------

interface RuleText {
  code: string;
  id: string;
  en: string;
  instrument: string;
  article: string;
  operational: boolean;
}

interface PolicyText {
  description: string;
  rules: RuleText[];
}

function readDocument(document: string): PolicyText {
  try {
    const parsed = JSON.parse(document) as {
      description?: string;
      rules?: { code?: string; message_id?: string; message_en?: string; legal_basis?: { instrument?: string; article?: string; operational?: boolean } }[];
    };
    return {
      description: parsed.description ?? "",
      rules: (parsed.rules ?? []).map((rule) => ({
        code: rule.code ?? "",
        id: rule.message_id ?? "",
        en: rule.message_en ?? "",
        instrument: rule.legal_basis?.instrument ?? "",
        article: rule.legal_basis?.article ?? "",
        operational: Boolean(rule.legal_basis?.operational) || !rule.legal_basis?.instrument,
      })),
    };
  } catch {
    return { description: "", rules: [] };
  }
}

function ruleWords(rules: RuleText[], code: string, language: Language, words: OperatorWords): string {
  const named = RULE_NAMES[language][code];
  if (named) return named;
  const rule = rules.find((r) => r.code === code);
  const message = rule ? (language === "en" ? rule.en || rule.id : rule.id || rule.en) : "";
  // A template's placeholders stand for a candidate's facts: leave them out of a rule's name.
  const plain = message.replace(/\s*\([^)]*\{[a-z_]+\}[^)]*\)/g, "").replace(/:?\s*\{[a-z_]+\}/g, "").trim();
  return plain || words.otherRule;
}

export function stateText(state: PolicyState, words: OperatorWords): { text: string; kind: string } {
  switch (state) {
    case PolicyState.ACTIVE:
      return { text: words.stateActive, kind: "status-ok" };
    case PolicyState.RETIRED:
      return { text: words.stateRetired, kind: "status-bad" };
    default:
      return { text: words.stateLoaded, kind: "status-wait" };
  }
}

function byWhom(who: string, words: OperatorWords): string {
  if (!who || who === "system") return words.system;
  return who.slice(who.lastIndexOf("/") + 1);
}

/** The latest activated version still active: the one Kembalikan retires. */
function latestActive(policies: Policy[]): Policy | undefined {
  return policies
    .filter((p) => p.state === PolicyState.ACTIVE)
    .sort((a, b) => Number((b.activateTime?.seconds ?? 0n) - (a.activateTime?.seconds ?? 0n)))[0];
}

async function allPolicies(cpmi: CpmiClient): Promise<Policy[]> {
  const all: Policy[] = [];
  let pageToken = "";
  for (let pages = 0; pages < 10; pages++) {
    const page = await cpmi.policies.listPolicies({ pageSize: 100, pageToken });
    all.push(...page.policies);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  return all;
}

function PolicyFacts(props: { policy: Policy; words: OperatorWords }): JSX.Element {
  const { policy, words } = props;
  const language = useLanguage();
  const until = policy.effectiveUntil?.year ? ` – ${dateText(policy.effectiveUntil, language)}` : `, ${words.openEnded}`;
  return (
    <dl class="facts operator-facts">
      <dt>{words.effective}</dt>
      <dd>
        {fill(words.effectiveFrom, dateText(policy.effectiveFrom, language))}
        {until}
      </dd>
      <dt>{words.loadedBy}</dt>
      <dd>
        {byWhom(policy.loadedBy, words)} · {timeText(policy.loadTime, language)}
      </dd>
      {policy.activateTime && (
        <>
          <dt>{words.activatedBy}</dt>
          <dd>
            {byWhom(policy.activatedBy, words)} · {timeText(policy.activateTime, language)}
          </dd>
        </>
      )}
      <dt>{words.rules}</dt>
      <dd>{policy.ruleCodes.length === 1 ? words.ruleCount1 : fill(words.rulesCount, policy.ruleCodes.length)}</dd>
    </dl>
  );
}

// ---- the list and loading a version ---------------------------------------------------------

let justLoaded: string | undefined;

export function PolicyList(): JSX.Element {
  const words = useWords(WORDS);
  const { cpmi } = useSigned();
  const [tokens, setTokens] = useState<string[]>([""]);
  const pageToken = tokens[tokens.length - 1];
  const list = useQuery(() => cpmi.policies.listPolicies({ pageSize: 20, pageToken }), [pageToken]);
  const policies = list.data?.policies ?? [];
  return (
    <section aria-labelledby="policies-title">
      <FocusHeading id="policies-title">{words.policiesTitle}</FocusHeading>
      <p>{words.policiesLead}</p>
      {list.loading && !list.data && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={list.problem?.away ? undefined : list.problem} />
      {list.data && policies.length === 0 && <Notice>{words.policiesEmpty}</Notice>}
      <ul class="cards" id="policies">
        {policies.map((policy) => {
          const state = stateText(policy.state, words);
          return (
            <li key={policy.name} class="card" data-version={policy.version}>
              <h3>
                <a href={`#/kebijakan/${encodeURIComponent(policy.version)}`}>
                  {fill(words.versionTitle, policy.version)}
                </a>{" "}
                <span class={`status ${state.kind}`}>{state.text}</span>
              </h3>
              <PolicyFacts policy={policy} words={words} />
            </li>
          );
        })}
      </ul>
      <Pager tokens={tokens} next={list.data?.nextPageToken || undefined} onPage={setTokens} words={words} label={words.policiesTitle} />
      <LoadPolicy />
    </section>
  );
}

/** The violations a refused LoadPolicy named (every problem of the document). */
function violationsOf(error: unknown): string[] {
  if (!(error instanceof ConnectError)) return [];
  for (const detail of error.details) {
    if ("debug" in detail && detail.type === "google.rpc.BadRequest") {
      const bad = detail.debug as { fieldViolations?: { description?: string; localizedMessage?: { message?: string } }[] };
      return (bad.fieldViolations ?? []).map((v) => v.localizedMessage?.message || v.description || "").filter(Boolean);
    }
  }
  return [];
}

function LoadPolicy(): JSX.Element {
  const words = useWords(WORDS);
  const { cpmi } = useSigned();
  const [document, setDocument] = useState("");
  const [local, setLocal] = useState<string | undefined>();
  const [fileNote, setFileNote] = useState<string | undefined>();
  const [violations, setViolations] = useState<string[]>([]);
  const loading = useAction(async (text: string) => {
    setViolations([]);
    try {
      const policy = await cpmi.policies.loadPolicy({ document: text, requestId: requestId() });
      justLoaded = policy.version;
      announce(fill(words.loaded, policy.version));
      go(`/kebijakan/${encodeURIComponent(policy.version)}`);
      return policy;
    } catch (error) {
      setViolations(violationsOf(error));
      throw error;
    }
  });
  return (
    <section class="card operator-load" aria-labelledby="load-title">
      <h3 id="load-title">{words.loadTitle}</h3>
      <p>{words.loadLead}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const text = document.trim();
          if (!text) {
            setLocal(words.emptyDocument);
            announce(words.emptyDocument);
            return;
          }
          try {
            JSON.parse(text);
          } catch (error) {
            const said = fill(words.notJson, error instanceof Error ? error.message : "");
            setLocal(said);
            announce(said);
            return;
          }
          setLocal(undefined);
          void loading.run(text);
        }}
      >
        <TextField label={words.paste} value={document} onInput={setDocument} multiline hint={fileNote ?? words.pasteHint} error={local} />
        <Field label={words.file} hint={words.fileHint}>
          {(id, describedBy) => (
            <input
              id={id}
              type="file"
              accept=".json,application/json"
              aria-describedby={describedBy}
              onChange={async (event) => {
                const input = event.target as HTMLInputElement;
                const file = input.files?.[0];
                if (!file) return;
                if (!/\.json$/i.test(file.name) && file.type !== "application/json") {
                  setLocal(words.fileWrong);
                  announce(words.fileWrong);
                  input.value = "";
                  return;
                }
                setDocument(await file.text());
                setLocal(undefined);
                const said = fill(words.fileRead, file.name);
                setFileNote(said);
                announce(said);
              }}
            />
          )}
        </Field>
        {loading.problem && violations.length > 0 ? (
          <Notice kind="error">
            <p>{words.loadRefused}</p>
            <ul>
              {violations.map((v, i) => (
                <li key={i}>{v}</li>
              ))}
            </ul>
          </Notice>
        ) : (
          <ProblemNotice problem={loading.problem} />
        )}
        <div class="actions">
          <button type="submit" disabled={loading.busy}>
            {words.load}
          </button>
        </div>
      </form>
    </section>
  );
}

// ---- one version ------------------------------------------------------------------------------

function DryRun(props: { policy: Policy; rules: RuleText[]; current: Policy | undefined }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi } = useSigned();
  const [date, setDate] = useState("");
  const [result, setResult] = useState<{ response: DryRunPolicyResponse; rules: RuleText[] } | undefined>();
  const running = useAction(async () => {
    const response = await cpmi.policies.dryRunPolicy({ name: props.policy.name, referenceDate: toDate(date) });
    // A rule the proposed version drops is described by the version in force.
    let rules = props.rules;
    const missing = response.byReason.some((change) => !rules.some((r) => r.code === change.code));
    if (missing && response.currentVersion) {
      const current = await cpmi.policies.getPolicy({ name: `policies/${response.currentVersion}`, view: PolicyView.FULL });
      rules = [...rules, ...readDocument(current.document).rules];
    }
    setResult({ response, rules });
    announce(fill(words.dryRunTitle, props.policy.version));
    return response;
  });
  const response = result?.response;
  const changed = (response?.byReason ?? []).filter(
    (c) => c.pairsNewlyRefused || c.pairsNoLongerRefused || c.candidatesNewlyRefused || c.candidatesNoLongerRefused,
  );
  const count = (n: bigint | number) => Number(n).toLocaleString(language === "en" ? "en-GB" : "id-ID");
  return (
    <section class="card operator-dry-run" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title">{words.dryRun}</h3>
      <p>{words.dryRunLead}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void running.run();
        }}
      >
        <TextField label={words.referenceDate} type="date" value={date} onInput={setDate} hint={words.referenceHint} />
        <div class="actions">
          <button type="submit" disabled={running.busy}>
            {words.run}
          </button>
        </div>
      </form>
      {running.busy && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={running.problem} />
      {response && (
        <section aria-labelledby="impact-title" id="impact">
          <h4 id="impact-title">{fill(words.dryRunTitle, response.proposedVersion)}</h4>
          <p class="meta">{fill(words.dryRunSummary, response.currentVersion)}</p>
          <dl class="facts operator-facts">
            <dt>{words.pairs}</dt>
            <dd>{count(response.pairsEvaluated)}</dd>
            <dt>{words.gaining}</dt>
            <dd>{count(response.candidatesGaining)}</dd>
            <dt>{words.losing}</dt>
            <dd>{count(response.candidatesLosing)}</dd>
            <dt>{words.vacGaining}</dt>
            <dd>{count(response.vacanciesGaining)}</dd>
            <dt>{words.vacLosing}</dt>
            <dd>{count(response.vacanciesLosing)}</dd>
          </dl>
          <section aria-labelledby="by-rule-title">
            <h4 id="by-rule-title">{words.byRule}</h4>
            {changed.length === 0 && <Notice>{words.noChange}</Notice>}
            <ul class="cards operator-rules" id="by-rule">
              {changed.map((change) => (
                <li key={change.code} class="card operator-rule">
                  <p class="operator-rule-name">{ruleWords(result!.rules, change.code, language, words)}</p>
                  <dl class="facts operator-facts">
                    <dt>{words.newlyRefused}</dt>
                    <dd class={change.candidatesNewlyRefused ? "operator-worse" : ""}>
                      {fill(words.candidatesPairs, { c: count(change.candidatesNewlyRefused), p: count(change.pairsNewlyRefused) })}
                    </dd>
                    <dt>{words.freed}</dt>
                    <dd class={change.candidatesNoLongerRefused ? "operator-better" : ""}>
                      {fill(words.candidatesPairs, { c: count(change.candidatesNoLongerRefused), p: count(change.pairsNoLongerRefused) })}
                    </dd>
                    {change.legalBasis?.instrument && (
                      <>
                        <dt>{words.basis}</dt>
                        <dd>{[change.legalBasis.instrument, change.legalBasis.article].filter(Boolean).join(", ")}</dd>
                      </>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
          </section>
        </section>
      )}
    </section>
  );
}

function Confirmed(props: {
  label: string;
  question: string;
  yes: string;
  danger?: boolean;
  act: () => Promise<unknown>;
  busy: boolean;
  words: OperatorWords;
}): JSX.Element {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class={props.danger ? "danger" : ""} onClick={() => setAsking(true)} disabled={props.busy}>
        {props.label}
      </button>
    );
  }
  return (
    <div class="notice operator-confirm" role="group" aria-label={props.label}>
      <p>{props.question}</p>
      <p class="meta">{props.words.whoNote}</p>
      <div class="actions">
        <button
          type="button"
          class={props.danger ? "danger" : ""}
          disabled={props.busy}
          onClick={async () => {
            await props.act();
            setAsking(false);
          }}
        >
          {props.yes}
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)} disabled={props.busy}>
          {props.words.cancel}
        </button>
      </div>
    </div>
  );
}

export function PolicyPage(props: { version: string }): JSX.Element {
  const words = useWords(WORDS);
  const language = useLanguage();
  const { cpmi } = useSigned();
  const [fresh] = useState(() => {
    const loaded = justLoaded === props.version;
    justLoaded = undefined;
    return loaded;
  });
  const [told, setTold] = useState<string | undefined>(fresh ? fill(words.loaded, props.version) : undefined);
  const one = useQuery(() => cpmi.policies.getPolicy({ name: `policies/${props.version}`, view: PolicyView.FULL }), [props.version]);
  const all = useQuery(() => allPolicies(cpmi), [props.version]);
  const policy = one.data;
  const text = policy ? readDocument(policy.document) : undefined;
  const latest = latestActive(all.data ?? []);
  const activate = useAction(async () => {
    const after = await cpmi.policies.activatePolicy({ name: `policies/${props.version}`, requestId: requestId() });
    const said = fill(words.activated, props.version);
    setTold(said);
    announce(said);
    one.reload();
    all.reload();
    return after;
  });
  const rollback = useAction(async () => {
    const after = await cpmi.policies.rollbackPolicy({ name: `policies/${props.version}`, requestId: requestId() });
    const said = fill(words.rolledBack, props.version);
    setTold(said);
    announce(said);
    one.reload();
    all.reload();
    return after;
  });
  const state = policy ? stateText(policy.state, words) : undefined;
  return (
    <section aria-labelledby="policy-title">
      <p>
        <a href="#/kebijakan">← {words.back}</a>
      </p>
      <FocusHeading id="policy-title" focusKey={props.version}>
        {fill(words.versionTitle, props.version)}
      </FocusHeading>
      {told && <Notice kind="success">{told}</Notice>}
      {one.loading && !policy && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={one.problem?.away ? undefined : one.problem} />
      {policy && state && text && (
        <>
          <div class="card">
            <p>
              <span class={`status ${state.kind}`}>{state.text}</span>
              {latest?.name === policy.name && <span class="meta"> · {words.current}</span>}
            </p>
            <PolicyFacts policy={policy} words={words} />
            {text.description && (
              <p>
                <strong>{words.description}:</strong> {text.description}
              </p>
            )}
            <ProblemNotice problem={activate.problem ?? rollback.problem} />
            <div class="actions">
              {policy.state === PolicyState.LOADED && (
                <Confirmed
                  label={words.activate}
                  question={fill(words.activateConfirm, policy.version)}
                  yes={words.yesActivate}
                  act={() => activate.run()}
                  busy={activate.busy}
                  words={words}
                />
              )}
              {latest?.name === policy.name && (
                <Confirmed
                  label={words.rollback}
                  question={fill(words.rollbackConfirm, policy.version)}
                  yes={words.yesRollback}
                  danger
                  act={() => rollback.run()}
                  busy={rollback.busy}
                  words={words}
                />
              )}
            </div>
          </div>
          <DryRun policy={policy} rules={text.rules} current={latest} />
          <details class="card operator-rules-list">
            <summary>
              {words.rules} ({text.rules.length === 1 ? words.ruleCount1 : fill(words.rulesCount, text.rules.length)})
            </summary>
            <ol>
              {text.rules.map((rule) => (
                <li key={rule.code}>
                  <p>{ruleWords(text.rules, rule.code, language, words)}</p>
                  <p class="meta">{rule.operational ? words.operational : [rule.instrument, rule.article].filter(Boolean).join(", ")}</p>
                </li>
              ))}
            </ol>
          </details>
          <details class="card">
            <summary>{words.document}</summary>
            <Field label={words.document} hint={words.documentHint}>
              {(id, describedBy) => (
                <textarea id={id} class="operator-document" readOnly rows={18} aria-describedby={describedBy} value={prettyJson(policy.document)} />
              )}
            </Field>
          </details>
        </>
      )}
    </section>
  );
}

function prettyJson(document: string): string {
  try {
    return JSON.stringify(JSON.parse(document), null, 2);
  } catch {
    return document;
  }
}

