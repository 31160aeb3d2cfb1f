/**
 * The portal's shell: language, sign-in (a demo person or a token), the verified session,
 * sign-out, the "server away" banner, and the role's own pages. A token is believed only
 * once the server has verified it; a role without pages here is refused in words.
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { CandidatePortal } from "./candidate/index.js";
import { DinasPortal } from "./dinas/index.js";
import { problemOf, PROBLEM_WORDS, type Problem } from "./errors.js";
import { LanguageContext, useWords, type Language, type Words } from "./i18n.js";
import { backoffMs, noted, useAway } from "./live.js";
import { OperatorPortal } from "./operator/index.js";
import { P3miPortal } from "./p3mi/index.js";
import { go } from "./route.js";
import {
  clientFor,
  demoIdentities,
  keepLanguage,
  keepToken,
  SessionContext,
  storedLanguage,
  storedToken,
  verify,
  type DemoIdentity,
  type RoleName,
  type Session,
  type Signed,
} from "./session.js";
import { announce, FocusHeading, LiveRegion, Notice, ProblemNotice } from "./ui.js";

const WORDS: Words<
  | "title"
  | "language"
  | "signIn"
  | "signInLead"
  | "demo"
  | "token"
  | "tokenHint"
  | "enter"
  | "signOut"
  | "signedIn"
  | "checking"
  | "away"
  | "back"
  | "noPages"
  | "candidate"
  | "dinas"
  | "p3mi"
  | "operator"
  | "service"
  | "skip"
  | "emptyToken"
> = {
  "id-ID": {
    title: "SIAPkerja · Penempatan Pekerja Migran",
    language: "Bahasa",
    signIn: "Masuk",
    signInLead: "Masuk untuk mendaftar sebagai CPMI, melamar lowongan luar negeri, atau mengurus pendaftaran dan lamaran.",
    demo: "Mode demo: masuk sebagai",
    token: "Token akses",
    tokenHint: "Tempel token yang kamu terima dari Karirhub.",
    enter: "Masuk",
    signOut: "Keluar",
    signedIn: "Masuk sebagai",
    checking: "Memeriksa token…",
    away: "Server tidak dapat dihubungi. Halaman mencoba lagi dengan sendirinya; data yang tampil mungkin belum terbaru.",
    back: "Tersambung kembali ke server.",
    noPages: "Token ini untuk sistem lain, bukan untuk halaman ini. Masuk dengan akun calon pekerja, Dinas, P3MI atau operator.",
    candidate: "Calon Pekerja Migran",
    dinas: "Dinas Ketenagakerjaan",
    p3mi: "P3MI",
    operator: "Operator",
    service: "Sistem",
    skip: "Langsung ke isi",
    emptyToken: "Isi token akses terlebih dahulu.",
  },
  en: {
    title: "SIAPkerja · Migrant worker placement",
    language: "Language",
    signIn: "Sign in",
    signInLead: "Sign in to register as a CPMI, apply to overseas vacancies, or handle registrations and applications.",
    demo: "Demo mode: sign in as",
    token: "Access token",
    tokenHint: "Paste the token you received from Karirhub.",
    enter: "Sign in",
    signOut: "Sign out",
    signedIn: "Signed in as",
    checking: "Checking the token…",
    away: "The server cannot be reached. The page keeps trying by itself; what you see may not be up to date.",
    back: "Connected to the server again.",
    noPages: "This token is for another system, not for this page. Sign in with a candidate, Dinas, P3MI or operator account.",
    candidate: "Migrant worker candidate",
    dinas: "Labour office (Dinas)",
    p3mi: "Placement company (P3MI)",
    operator: "Operator",
    service: "System",
    skip: "Skip to content",
    emptyToken: "Enter an access token first.",
  },
};

export function App(): JSX.Element {
  const [language, setLanguage] = useState<Language>(storedLanguage());
  useEffect(() => {
    document.documentElement.lang = language === "en" ? "en" : "id";
    keepLanguage(language);
  }, [language]);
  return (
    <LanguageContext.Provider value={language}>
      <Shell language={language} setLanguage={setLanguage} />
    </LanguageContext.Provider>
  );
}

function Shell(props: { language: Language; setLanguage: (language: Language) => void }): JSX.Element {
  const words = useWords(WORDS);
  const [signed, setSigned] = useState<Signed | undefined>();
  const [checking, setChecking] = useState(Boolean(storedToken()));
  const [problem, setProblem] = useState<Problem | undefined>();
  const away = useAway();
  useHeartbeat(signed, (session) => setSigned((now) => now && { ...now, session }));
  const wasAway = useRef(false);
  useEffect(() => {
    if (away) announce(words.away);
    else if (wasAway.current) announce(words.back);
    wasAway.current = away;
  }, [away]);

  const signOut = () => {
    keepToken("");
    setSigned(undefined);
    setProblem(undefined);
    go("/");
  };

  const signIn = async (token: string, attempt = 1): Promise<void> => {
    setChecking(true);
    setProblem(undefined);
    const cpmi = clientFor(token, props.language);
    try {
      const session = await verify(cpmi);
      keepToken(token);
      setSigned({ session, cpmi, signOut });
      if (attempt === 1) go("/");
    } catch (error) {
      noted(error);
      const told = problemOf(error, PROBLEM_WORDS[props.language]);
      if (told.away) {
        setTimeout(() => void signIn(token, attempt + 1), backoffMs(attempt));
        return;
      }
      keepToken("");
      setSigned(undefined);
      setProblem(told);
      announce(told.message);
    } finally {
      setChecking(false);
    }
  };

  // A token kept in this tab is checked again on load and whenever the language changes
  // (the client then asks for messages in the new language).
  useEffect(() => {
    const token = storedToken();
    if (token) void signIn(token, signed ? 2 : 1);
  }, [props.language]);

  return (
    <>
      <a class="skip" href="#main">
        {words.skip}
      </a>
      <header class="top">
        <p class="brand">{words.title}</p>
        <div class="top-controls">
          <label class="language">
            <span>{words.language}</span>
            <select value={props.language} onChange={(event) => props.setLanguage((event.target as HTMLSelectElement).value as Language)}>
              <option value="id-ID">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </label>
          {signed && (
            <button type="button" class="secondary" onClick={signOut}>
              {words.signOut}
            </button>
          )}
        </div>
        {signed && (
          <p class="who" data-testid="who">
            {words.signedIn} <strong>{signed.session.displayName}</strong>
            {signed.session.displayName !== words[signed.session.role] && ` · ${words[signed.session.role]}`}
          </p>
        )}
      </header>
      {away && (
        <Notice kind="warning" id="away">
          {words.away}
        </Notice>
      )}
      <main id="main">
        <SessionContext.Provider value={signed}>
          {signed ? <Portal role={signed.session.role} /> : <SignIn busy={checking} problem={problem} onToken={(t) => void signIn(t)} />}
        </SessionContext.Provider>
      </main>
      <LiveRegion />
    </>
  );
}

/** While signed in, asks the server who this is every 10 s (and, while it is away, with
 * backoff), so the page knows the server is away even on a page that holds no stream, and
 * shows the name the server now gives (a candidate's own once her form holds it). */
function useHeartbeat(signed: Signed | undefined, renamed: (session: Session) => void): void {
  useEffect(() => {
    if (!signed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const beat = async (attempt: number) => {
      let next = 1;
      try {
        const session = await verify(signed.cpmi);
        noted(undefined);
        if (!stopped && session.displayName !== signed.session.displayName) renamed(session);
      } catch (error) {
        noted(error);
        next = attempt + 1;
      }
      if (!stopped) timer = setTimeout(() => void beat(next), next === 1 ? HEARTBEAT_MS : backoffMs(attempt));
    };
    timer = setTimeout(() => void beat(1), HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [signed]);
}

const HEARTBEAT_MS = 10000;

function Portal(props: { role: RoleName }): JSX.Element {
  const words = useWords(WORDS);
  switch (props.role) {
    case "candidate":
      return <CandidatePortal />;
    case "dinas":
      return <DinasPortal />;
    case "p3mi":
      return <P3miPortal />;
    case "operator":
      return <OperatorPortal />;
    default:
      return <Notice kind="error">{words.noPages}</Notice>;
  }
}

function SignIn(props: { busy: boolean; problem: Problem | undefined; onToken: (token: string) => void }): JSX.Element {
  const words = useWords(WORDS);
  const [token, setToken] = useState("");
  const [empty, setEmpty] = useState(false);
  const [demo, setDemo] = useState<DemoIdentity[]>([]);
  useEffect(() => {
    void demoIdentities().then(setDemo);
  }, []);
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <FocusHeading id="sign-in-title">{words.signIn}</FocusHeading>
      <p>{words.signInLead}</p>
      <ProblemNotice problem={props.problem} id="sign-in-problem" />
      {props.busy && <p role="status">{words.checking}</p>}
      {demo.length > 0 && <DemoChoice identities={demo} onToken={props.onToken} />}
      <form
        class="token-form"
        onSubmit={(event) => {
          event.preventDefault();
          const given = token.trim();
          setEmpty(!given);
          if (given) props.onToken(given);
        }}
      >
        <label for="token">{words.token}</label>
        <input id="token" name="token" value={token} autoComplete="off" aria-describedby="token-hint" onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        <p class="hint" id="token-hint">
          {empty ? words.emptyToken : words.tokenHint}
        </p>
        <button type="submit" disabled={props.busy}>
          {words.enter}
        </button>
      </form>
    </section>
  );
}

function DemoChoice(props: { identities: DemoIdentity[]; onToken: (token: string) => void }): JSX.Element {
  const words = useWords(WORDS);
  const english = words === WORDS.en;
  return (
    <div class="demo">
      <h3>{words.demo}</h3>
      <ul class="identities">
        {props.identities.map((identity) => (
          <li key={identity.token}>
            <button type="button" class="identity" data-role={identity.role} onClick={() => props.onToken(identity.token)}>
              <span class="identity-role">{words[identity.role] ?? identity.role}</span>
              <span class="identity-label">{english ? identity.label_en ?? identity.label : identity.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
