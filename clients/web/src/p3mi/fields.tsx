/**
 * A refusal's field violations (BadRequest) in the caller's language: each violation's
 * LocalizedMessage where the server gave one, its English description otherwise.
 * (The shared errors.ts reads only the description, which is English.)
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConnectError } from "../../../typescript/src/index.js";
import type { Problem } from "../errors.js";
import { useWords, type Words } from "../i18n.js";
import { Notice, ProblemNotice, useAction } from "../ui.js";

interface Violation {
  field: string;
  description: string;
  localizedMessage?: { locale?: string; message?: string };
}

export function localizedFields(error: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!(error instanceof ConnectError)) return fields;
  for (const detail of error.details) {
    if (!("debug" in detail) || detail.type !== "google.rpc.BadRequest") continue;
    const violations = ((detail.debug ?? {}) as { fieldViolations?: Violation[] }).fieldViolations ?? [];
    for (const v of violations) fields[v.field] = v.localizedMessage?.message || v.description;
  }
  return fields;
}


/** useAction that also keeps the refused fields' messages in the caller's language. */
export function useFieldAction<A extends unknown[], T>(act: (...args: A) => Promise<T>) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const action = useAction(async (...args: A) => {
    setFields({});
    try {
      return await act(...args);
    } catch (error) {
      setFields(localizedFields(error));
      throw error;
    }
  });
  return { ...action, fields };
}

const WORDS: Words<"check"> = {
  "id-ID": { check: "Periksa isian yang ditandai, lalu coba lagi." },
  en: { check: "Check the fields marked, then try again." },
};

/** A refusal: for refused fields, a pointer to them (their words stand at each field, not
 * the server's summary naming them by path); otherwise the server's words. */
export function StepProblem(props: { problem: Problem | undefined }): JSX.Element | null {
  const words = useWords(WORDS);
  if (props.problem?.reason === "INVALID_FIELDS") return <Notice kind="error">{words.check}</Notice>;
  return <ProblemNotice problem={props.problem} />;
}
