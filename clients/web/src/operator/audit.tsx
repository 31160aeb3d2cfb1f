/**
 * Jejak audit: what was done, newest first, a page at a time, filtered by who acted and by
 * what was acted on. Each record in words: who (role and identifier), the action, the thing.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AuditRecord } from "../../../typescript/src/index.js";
import { useLanguage, useWords } from "../i18n.js";
import { timeText } from "../format.js";
import { useQuery } from "../live.js";
import { useSigned } from "../session.js";
import { FocusHeading, Notice, Pager, ProblemNotice, SelectField, TextField } from "../ui.js";
import { ACTIONS, fill, WORDS, type OperatorWords } from "./words.js";

type RoleChoice = "" | "candidate" | "dinas" | "p3mi" | "operator";
type KindChoice = "" | "registration" | "candidate" | "application" | "vacancy" | "document" | "policy";

const SUBJECT_PREFIX: Record<Exclude<RoleChoice, "">, string> = {
  candidate: "candidates",
  dinas: "regencies",
  p3mi: "companies",
  operator: "operators",
};

interface Filter {
  role: RoleChoice;
  subject: string;
  kind: KindChoice;
  resource: string;
}

const NO_FILTER: Filter = { role: "", subject: "", kind: "", resource: "" };

function resourcePrefix(kind: KindChoice, id: string): string {
  const clean = id.trim();
  switch (kind) {
    case "registration":
      return clean ? `candidates/${clean}/registration` : "candidates";
    case "candidate":
      return clean ? `candidates/${clean}` : "candidates";
    case "application":
      return clean ? `applications/${clean}` : "applications";
    case "vacancy":
      return clean ? `vacancies/${clean}` : "vacancies";
    case "document":
      return clean ? `documents/${clean}` : "documents";
    case "policy":
      return clean ? `policies/${clean}` : "policies";
    default:
      return "";
  }
}

function roleWords(role: string, words: OperatorWords): string {
  switch (role) {
    case "candidate":
      return words.roleCandidate;
    case "dinas":
      return words.roleDinas;
    case "p3mi":
      return words.roleP3mi;
    case "operator":
      return words.roleOperator;
    default:
      return words.roleService;
  }
}

/** A short reference for a long generated identifier (a person compares, never copies it). */
function shortId(id: string): string {
  return /^[0-9a-f]{24,}$/i.test(id) ? id.slice(0, 8) : id;
}

/** "Pendaftaran CPMI · demo-cpmi-1", "Lamaran 9f1c82a1": the thing acted on, in words. */
export function resourceWords(resource: string, words: OperatorWords): string {
  const parts = resource.split("/");
  const last = (i: number) => shortId(parts[i] ?? "");
  if (parts[0] === "candidates") {
    if (parts[2] === "registration") return `${words.kindRegistration} · ${last(1)}`;
    return `${words.kindCandidate} · ${last(1)}`;
  }
  if (parts[0] === "applications") return `${words.kindApplication} ${last(1)}`;
  if (parts[0] === "vacancies") return `${words.kindVacancy} ${last(1)}`;
  if (parts[0] === "companies" && parts[2] === "vacancies") return `${words.kindVacancy} ${last(3)}`;
  if (parts[0] === "documents") return `${words.kindDocument} ${last(1)}`;
  if (parts[0] === "policies") return `${words.kindPolicy} ${parts.slice(1).join("/")}`;
  return `${words.kindOther} ${shortId(parts[parts.length - 1] ?? "")}`;
}

function Record(props: { record: AuditRecord; words: OperatorWords }): JSX.Element {
  const { record, words } = props;
  const language = useLanguage();
  const action = record.action === "internal" ? words.internal : ACTIONS[language][record.action] ?? words.unknownAction;
  const actor = record.actor && record.actor !== record.subject ? record.actor.replace(/^service:/, "") : "";
  return (
    <li class="card operator-record" data-sequence={String(record.sequence)}>
      <p class="operator-record-what">
        <strong>{action}</strong>
        <span class="operator-record-on">{resourceWords(record.resource, words)}</span>
      </p>
      <p class="meta">
        <span class="visually-hidden">{words.when}: </span>
        {timeText(record.time, language)} · <span class="visually-hidden">{words.who}: </span>
        {roleWords(record.role, words)} {record.subject}
        {actor && ` (${fill(words.actorFor, actor)})`}
      </p>
    </li>
  );
}

export function Audit(): JSX.Element {
  const words = useWords(WORDS);
  const { cpmi } = useSigned();
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [missing, setMissing] = useState(false);
  const [tokens, setTokens] = useState<string[]>([""]);
  const pageToken = tokens[tokens.length - 1];
  const subject = filter.role && filter.subject.trim() ? `${SUBJECT_PREFIX[filter.role]}/${filter.subject.trim()}` : "";
  const resource = resourcePrefix(filter.kind, filter.resource);
  const records = useQuery(
    () => cpmi.audit.listAuditRecords({ subject, resource, pageSize: 25, pageToken }),
    [subject, resource, pageToken],
  );
  const list = records.data?.records ?? [];
  const roles: { value: RoleChoice; label: string }[] = [
    { value: "", label: words.any },
    { value: "candidate", label: words.roleCandidate },
    { value: "dinas", label: words.roleDinas },
    { value: "p3mi", label: words.roleP3mi },
    { value: "operator", label: words.roleOperator },
  ];
  const kinds: { value: KindChoice; label: string }[] = [
    { value: "", label: words.any },
    { value: "registration", label: words.kindRegistration },
    { value: "candidate", label: words.kindCandidate },
    { value: "application", label: words.kindApplication },
    { value: "vacancy", label: words.kindVacancy },
    { value: "document", label: words.kindDocument },
    { value: "policy", label: words.kindPolicy },
  ];
  return (
    <section aria-labelledby="audit-title">
      <FocusHeading id="audit-title">{words.auditTitle}</FocusHeading>
      <p>{words.auditLead}</p>
      <form
        class="operator-filter"
        onSubmit={(event) => {
          event.preventDefault();
          const incomplete = Boolean(draft.role) && !draft.subject.trim();
          setMissing(incomplete);
          if (incomplete) return;
          setFilter(draft);
          setTokens([""]);
        }}
      >
        <fieldset>
          <legend>{words.filter}</legend>
          <div class="grid">
            <SelectField label={words.subjectRole} value={draft.role} options={roles} onChange={(role) => setDraft({ ...draft, role })} />
            <TextField
              label={words.subjectId}
              value={draft.subject}
              onInput={(subject) => setDraft({ ...draft, subject })}
              hint={words.subjectIdHint}
              error={missing ? words.needId : undefined}
            />
            <SelectField label={words.resourceKind} value={draft.kind} options={kinds} onChange={(kind) => setDraft({ ...draft, kind })} />
            <TextField label={words.resourceId} value={draft.resource} onInput={(resource) => setDraft({ ...draft, resource })} hint={words.resourceIdHint} />
          </div>
          <div class="actions">
            <button type="submit">{words.apply}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(NO_FILTER);
                setFilter(NO_FILTER);
                setMissing(false);
                setTokens([""]);
              }}
            >
              {words.clear}
            </button>
            <button type="button" class="secondary" onClick={records.reload} disabled={records.loading}>
              {words.reload}
            </button>
          </div>
        </fieldset>
      </form>
      {records.loading && !records.data && <p role="status">{words.loading}</p>}
      <ProblemNotice problem={records.problem?.away ? undefined : records.problem} />
      {records.data && list.length === 0 && <Notice>{words.auditEmpty}</Notice>}
      <ol class="cards" id="audit-records" aria-label={words.auditTitle}>
        {list.map((record) => (
          <Record key={String(record.sequence)} record={record} words={words} />
        ))}
      </ol>
      <Pager tokens={tokens} next={records.data?.nextPageToken || undefined} onPage={setTokens} words={words} label={words.auditTitle} />
    </section>
  );
}
