/**
 * Who is signed in, as the server verified it: the token is kept for this tab only
 * (sessionStorage; "Keluar" forgets it) and nothing shown about the person is read from the
 * token itself. The language is remembered across visits.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { createCpmiClient, SessionRole, type CpmiClient } from "../../typescript/src/index.js";
import type { Language } from "./i18n.js";

export type RoleName = "candidate" | "dinas" | "p3mi" | "operator" | "service";

export interface Session {
  role: RoleName;
  /** The candidate id, regency code, company id or operator the token names. */
  subject: string;
  /** Its resource name: candidates/{id}, regencies/{code}, companies/{id}, … */
  resource: string;
  /** Words for a person: the candidate's name, the Dinas, the company. */
  displayName: string;
}

export interface Signed {
  session: Session;
  cpmi: CpmiClient;
  signOut: () => void;
}

export const SessionContext = createContext<Signed | undefined>(undefined);

export function useSigned(): Signed {
  const signed = useContext(SessionContext);
  if (!signed) throw new Error("useSigned outside a signed-in page");
  return signed;
}

const TOKEN_KEY = "cpmi.token";
const LANGUAGE_KEY = "cpmi.language";

export function storedToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function keepToken(token: string): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function storedLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "id-ID";
}

export function keepLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
}

export function clientFor(token: string, language: Language): CpmiClient {
  return createCpmiClient({ baseUrl: location.origin, token, language });
}

const ROLES: Record<SessionRole, RoleName | undefined> = {
  [SessionRole.UNSPECIFIED]: undefined,
  [SessionRole.CANDIDATE]: "candidate",
  [SessionRole.DINAS]: "dinas",
  [SessionRole.P3MI]: "p3mi",
  [SessionRole.OPERATOR]: "operator",
};

/** The session the server verified for the client's token; throws the server's refusal. */
export async function verify(cpmi: CpmiClient): Promise<Session> {
  const verified = await cpmi.sessions.getSession({});
  const role = verified.onBehalf ? "service" : (ROLES[verified.role] ?? "service");
  return { role, subject: verified.subject, resource: verified.resource, displayName: verified.displayName };
}

export interface DemoIdentity {
  role: RoleName;
  label: string;
  label_en?: string;
  token: string;
}

/** The demo's people to sign in as (only a demo server answers). */
export async function demoIdentities(): Promise<DemoIdentity[]> {
  try {
    const answer = await fetch("/demo-identities.json", { cache: "no-store" });
    if (!answer.ok) return [];
    return (await answer.json()) as DemoIdentity[];
  } catch {
    return [];
  }
}
