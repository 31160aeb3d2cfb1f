/**
 * What a refused call tells a person: the server's message in the page's language
 * (LocalizedMessage), the fields it names (BadRequest) and the conditions that failed
 * (PreconditionFailure). A call that never reached the server is "server away", which the
 * connection banner shows.
 */
import { Code, ConnectError, refusal } from "../../typescript/src/index.js";
import type { Words } from "./i18n.js";

export interface Problem {
  /** The stable reason (ErrorInfo), e.g. "ETAG_MISMATCH"; "" when the server was not reached. */
  reason: string;
  /** Words for a person, in the language asked for. */
  message: string;
  /** Field path → why it was refused (BadRequest field violations). */
  fields: Record<string, string>;
  /** The failed preconditions, as the server described them. */
  conditions: { type: string; subject: string; description: string }[];
  /** The call did not reach the server (network down, server stopped). */
  away: boolean;
}

export const PROBLEM_WORDS: Words<"away" | "unknown"> = {
  "id-ID": {
    away: "Server tidak dapat dihubungi. Periksa koneksi kamu; halaman akan mencoba lagi.",
    unknown: "Terjadi kesalahan. Coba lagi sebentar lagi.",
  },
  en: {
    away: "The server cannot be reached. Check your connection; the page will try again.",
    unknown: "Something went wrong. Try again in a moment.",
  },
};

function details(error: ConnectError, type: string): Record<string, unknown> | undefined {
  for (const detail of error.details) {
    if ("debug" in detail && detail.type === type) return detail.debug as Record<string, unknown>;
  }
  return undefined;
}

/** True for an error that says the server could not be reached, not that it refused. */
export function isAway(error: unknown): boolean {
  if (!(error instanceof ConnectError)) return error instanceof TypeError;
  if (error.code === Code.Unavailable) return true;
  return error.code === Code.Unknown && /fetch|network|Load failed/i.test(error.rawMessage);
}

export function problemOf(error: unknown, words: Record<"away" | "unknown", string>): Problem {
  const away = isAway(error);
  const told = refusal(error);
  const empty = { fields: {}, conditions: [] };
  if (!(error instanceof ConnectError) || !told || (away && !told.reason)) {
    return { reason: "", message: away ? words.away : words.unknown, away, ...empty };
  }
  const fields: Record<string, string> = {};
  const bad = details(error, "google.rpc.BadRequest") as
    | { fieldViolations?: { field: string; description: string; localizedMessage?: { message?: string } }[] }
    | undefined;
  for (const violation of bad?.fieldViolations ?? []) {
    // The words in the caller's language where the server gave them (description is for developers).
    const said = violation.localizedMessage?.message || violation.description;
    fields[violation.field] = fields[violation.field] ? `${fields[violation.field]}; ${said}` : said;
  }
  const failed = details(error, "google.rpc.PreconditionFailure") as
    | { violations?: { type: string; subject: string; description: string }[] }
    | undefined;
  const internal = error.code === Code.Internal || (error.code === Code.Unknown && !told.reason);
  return {
    reason: told.reason,
    message: internal ? words.unknown : told.message,
    fields,
    conditions: failed?.violations ?? [],
    away,
  };
}
