/**
 * The portal's shared pieces: labelled fields, notices, one live region for screen readers,
 * headings that take focus when their content arrives, tabs, a timeline, a document viewer
 * and a file field that checks type and size before anything is sent. Every control has a
 * label; every change a person should hear goes through `announce`.
 */
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { CpmiClient } from "../../typescript/src/index.js";
import { problemOf, PROBLEM_WORDS, type Problem } from "./errors.js";
import { counted, useLanguage, useWords, type Words } from "./i18n.js";
import { noted } from "./live.js";

// ---- screen readers -------------------------------------------------------------------

type Announcer = (text: string) => void;
let announcer: Announcer = () => {};

/** Say `text` to screen readers (one polite live region for the whole page). */
export function announce(text: string): void {
  announcer(text);
}

export function LiveRegion(): JSX.Element {
  const [text, setText] = useState("");
  useEffect(() => {
    announcer = (said) => {
      setText("");
      setTimeout(() => setText(said), 50); // a change of text is what readers announce
    };
    return () => {
      announcer = () => {};
    };
  }, []);
  return (
    <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}

/** A heading that takes focus when it first appears (or when `focusKey` changes). */
export function FocusHeading(props: { level?: 2 | 3; children: ComponentChildren; focusKey?: unknown; id?: string }): JSX.Element {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [props.focusKey]);
  const Tag = props.level === 3 ? "h3" : "h2";
  return (
    <Tag ref={ref} tabIndex={-1} id={props.id} class="focus-heading">
      {props.children}
    </Tag>
  );
}

// ---- notices --------------------------------------------------------------------------

export function Notice(props: { kind?: "info" | "error" | "success" | "warning"; children: ComponentChildren; id?: string }): JSX.Element {
  const kind = props.kind ?? "info";
  return (
    <div id={props.id} class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {props.children}
    </div>
  );
}

/** A refused call's words, with the failed conditions listed (each in words). */
export function ProblemNotice(props: { problem: Problem | undefined; id?: string }): JSX.Element | null {
  const problem = props.problem;
  if (!problem) return null;
  const extra = problem.conditions.filter((c) => c.description && c.description !== problem.message);
  return (
    <Notice kind="error" id={props.id}>
      <p>{problem.message}</p>
      {extra.length > 0 && (
        <ul>
          {extra.map((condition) => (
            <li key={condition.type + condition.subject}>{condition.description}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/** Runs `act` (a call the person asked for), keeping busy and problem states. */
export function useAction<A extends unknown[], T>(
  act: (...args: A) => Promise<T>,
): { run: (...args: A) => Promise<T | undefined>; busy: boolean; problem: Problem | undefined; clear: () => void } {
  const language = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await act(...args);
    } catch (error) {
      noted(error);
      const told = problemOf(error, PROBLEM_WORDS[language]);
      setProblem(told);
      announce(told.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, problem, clear: () => setProblem(undefined) };
}

// ---- fields ---------------------------------------------------------------------------

interface FieldProps {
  label: string;
  /** Why the server (or the page) refused this field. */
  error?: string;
  hint?: string;
  required?: boolean;
  children: (id: string, describedBy: string | undefined) => ComponentChildren;
}

/** A label, its control (made by `children` with the id to use), a hint and an error. */
export function Field(props: FieldProps): JSX.Element {
  const id = useId();
  const hint = props.hint ? `${id}-hint` : undefined;
  const error = props.error ? `${id}-error` : undefined;
  const describedBy = [hint, error].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${props.error ? " field-invalid" : ""}`}>
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.children(id, describedBy)}
      {props.hint && (
        <p class="hint" id={hint}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={error}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  type?: "text" | "tel" | "date" | "number" | "search" | "email";
  name?: string;
  autoComplete?: string;
  multiline?: boolean;
  inputMode?: "numeric" | "text" | "tel";
  maxLength?: number;
}): JSX.Element {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} required={props.required}>
      {(id, describedBy) =>
        props.multiline ? (
          <textarea
            id={id}
            name={props.name}
            value={props.value}
            aria-describedby={describedBy}
            aria-invalid={props.error ? true : undefined}
            maxLength={props.maxLength}
            onInput={(event) => props.onInput((event.target as HTMLTextAreaElement).value)}
          />
        ) : (
          <input
            id={id}
            name={props.name}
            type={(props.type ?? "text") as "text"}
            value={props.value}
            required={props.required}
            autoComplete={props.autoComplete ?? "off"}
            inputMode={props.inputMode}
            maxLength={props.maxLength}
            aria-describedby={describedBy}
            aria-invalid={props.error ? true : undefined}
            onInput={(event) => props.onInput((event.target as HTMLInputElement).value)}
          />
        )
      }
    </Field>
  );
}

export function SelectField<V extends string | number>(props: {
  label: string;
  value: V;
  options: { value: V; label: string }[];
  onChange: (value: V) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  name?: string;
}): JSX.Element {
  return (
    <Field label={props.label} error={props.error} hint={props.hint} required={props.required}>
      {(id, describedBy) => (
        <select
          id={id}
          name={props.name}
          aria-describedby={describedBy}
          aria-invalid={props.error ? true : undefined}
          onChange={(event) => {
            const raw = (event.target as HTMLSelectElement).value;
            const chosen = props.options.find((option) => String(option.value) === raw);
            if (chosen) props.onChange(chosen.value);
          }}
        >
          {props.options.map((option) => (
            <option key={String(option.value)} value={String(option.value)} selected={option.value === props.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; name?: string }): JSX.Element {
  const id = useId();
  return (
    <div class="field field-check">
      <input id={id} name={props.name} type="checkbox" checked={props.checked} onChange={(event) => props.onChange((event.target as HTMLInputElement).checked)} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

// ---- files ----------------------------------------------------------------------------

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"];
const DOCUMENT_ENDINGS = /\.(pdf|jpe?g|png)$/i;

const FILE_WORDS: Words<"choose" | "tooLarge" | "wrongType" | "chosen" | "accepted"> = {
  "id-ID": {
    choose: "Pilih berkas",
    tooLarge: "Berkas lebih dari 5 MB. Pilih berkas yang lebih kecil.",
    wrongType: "Jenis berkas harus jpg, jpeg, png atau pdf.",
    chosen: "Berkas dipilih: {n}",
    accepted: "jpg, jpeg, png atau pdf, paling besar 5 MB",
  },
  en: {
    choose: "Choose a file",
    tooLarge: "The file is larger than 5 MB. Choose a smaller one.",
    wrongType: "The file must be jpg, jpeg, png or pdf.",
    chosen: "File chosen: {n}",
    accepted: "jpg, jpeg, png or pdf, at most 5 MB",
  },
};

/** What is wrong with `file` before it is sent (undefined: nothing). */
export function fileProblem(file: File, words: Record<"tooLarge" | "wrongType", string>): string | undefined {
  if (!DOCUMENT_TYPES.includes(file.type) && !DOCUMENT_ENDINGS.test(file.name)) return words.wrongType;
  if (file.size > MAX_DOCUMENT_BYTES) return words.tooLarge;
  return undefined;
}

/** A file field for a scan: checked by type and size when chosen; `onFile` gets a good one. */
export function FileField(props: { label: string; onFile: (file: File) => void; error?: string; done?: string; name?: string }): JSX.Element {
  const words = useWords(FILE_WORDS);
  const [own, setOwn] = useState<string | undefined>();
  return (
    <Field label={props.label} error={own ?? props.error} hint={props.done ?? words.accepted}>
      {(id, describedBy) => (
        <input
          id={id}
          name={props.name}
          type="file"
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby={describedBy}
          aria-invalid={own || props.error ? true : undefined}
          onChange={(event) => {
            const input = event.target as HTMLInputElement;
            const file = input.files?.[0];
            if (!file) return;
            const wrong = fileProblem(file, words);
            setOwn(wrong);
            if (wrong) {
              announce(wrong);
              input.value = "";
              return;
            }
            props.onFile(file);
          }}
        />
      )}
    </Field>
  );
}

export async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

// ---- documents ------------------------------------------------------------------------

const DOCUMENT_WORDS: Words<"view" | "hide" | "download" | "loading" | "frame"> = {
  "id-ID": { view: "Lihat", hide: "Tutup", download: "Download Dokumen", loading: "Memuat dokumen…", frame: "Dokumen" },
  en: { view: "View", hide: "Close", download: "Download document", loading: "Loading the document…", frame: "Document" },
};

/** Saves bytes as a file the person downloads. */
export function saveFile(bytes: Uint8Array, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A stored document: viewable in the page (image or PDF) and downloadable. */
export function DocumentView(props: { cpmi: CpmiClient; name: string; label: string; download?: boolean }): JSX.Element {
  const words = useWords(DOCUMENT_WORDS);
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<{ url: string; type: string; filename: string; bytes: Uint8Array } | undefined>();
  const fetching = useAction(async () => {
    const document = await props.cpmi.documents.getDocument({ name: props.name });
    const url = URL.createObjectURL(new Blob([document.content as BlobPart], { type: document.contentType }));
    const got = { url, type: document.contentType, filename: document.filename, bytes: document.content };
    setShown(got);
    return got;
  });
  useEffect(() => () => shown && URL.revokeObjectURL(shown.url), [shown]);
  const view = async () => {
    if (!shown) await fetching.run();
    setOpen(!open);
  };
  const download = async () => {
    const got = shown ?? (await fetching.run());
    if (got) saveFile(got.bytes, got.filename, got.type);
  };
  return (
    <div class="document">
      <span class="document-label">{props.label}</span>
      <span class="document-actions">
        <button type="button" class="link" onClick={() => void view()} aria-expanded={open} aria-label={`${open ? words.hide : words.view}: ${props.label}`}>
          {open ? words.hide : words.view}
        </button>
        {props.download !== false && (
          <button type="button" class="link" onClick={() => void download()} aria-label={`${words.download}: ${props.label}`}>
            {words.download}
          </button>
        )}
      </span>
      {fetching.busy && <p>{words.loading}</p>}
      <ProblemNotice problem={fetching.problem} />
      {open && shown && (
        <div class="document-frame">
          {shown.type.startsWith("image/") ? (
            <img src={shown.url} alt={props.label} />
          ) : (
            <iframe src={shown.url} title={`${words.frame}: ${props.label}`} />
          )}
        </div>
      )}
    </div>
  );
}

// ---- layout ---------------------------------------------------------------------------

export interface Tab {
  path: string;
  label: string;
  badge?: number;
}

/** The role's sections as links (hash routes: the browser's back button works). */
export function Tabs(props: { tabs: Tab[]; current: string; label: string }): JSX.Element {
  return (
    <nav class="tabs" aria-label={props.label}>
      <ul>
        {props.tabs.map((tab) => (
          <li key={tab.path}>
            <a href={`#${tab.path}`} aria-current={props.current === tab.path ? "page" : undefined}>
              {tab.label}
              {tab.badge ? <span class="badge">{counted(tab.badge, "{n}")}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface Step {
  label: string;
  detail?: ComponentChildren;
  state: "done" | "current" | "todo" | "stopped";
}

export function Timeline(props: { steps: Step[]; label: string }): JSX.Element {
  return (
    <ol class="timeline" aria-label={props.label}>
      {props.steps.map((step, i) => (
        <li key={i} class={`step step-${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
          <span class="step-label">{step.label}</span>
          {step.detail && <div class="step-detail">{step.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

/** Previous/next page buttons over a stack of page tokens ([""] is the first page). */
export function Pager(props: {
  tokens: string[];
  next: string | undefined;
  onPage: (tokens: string[]) => void;
  words: { newer: string; older: string; page: string };
  label: string;
}): JSX.Element | null {
  const { tokens, next, words } = props;
  if (tokens.length <= 1 && !next) return null;
  return (
    <nav class="actions pager" aria-label={props.label}>
      <button type="button" class="secondary" disabled={tokens.length <= 1} onClick={() => props.onPage(tokens.slice(0, -1))}>
        {words.newer}
      </button>
      <span class="meta">{counted(tokens.length, words.page)}</span>
      <button type="button" class="secondary" disabled={!next} onClick={() => next && props.onPage([...tokens, next])}>
        {words.older}
      </button>
    </nav>
  );
}

export function Card(props: { children: ComponentChildren; class?: string; labelledBy?: string }): JSX.Element {
  return (
    <article class={`card ${props.class ?? ""}`} aria-labelledby={props.labelledBy}>
      {props.children}
    </article>
  );
}

/** A fresh request id for a mutation the person asked for (AIP-155: a retry never applies twice). */
export function requestId(): string {
  return crypto.randomUUID();
}
