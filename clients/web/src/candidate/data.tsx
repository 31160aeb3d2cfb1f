/**
 * What the candidate's pages share, kept live: her job-seeker profile, her CPMI registration,
 * her applications (with their status changes) and a counter that moves whenever the set of
 * vacancies she can apply to changes.
 *
 * Live, as the server pushes it:
 * - WatchApplications gives every status change of her applications (resumed after the last
 *   sequence seen when the stream breaks);
 * - WatchEligibleVacancies says when a vacancy comes to fit or stops fitting her (a Dinas
 *   verifying her registration opens vacancies, so it arrives through here);
 * - the registration's own status has no stream: while it waits for the Dinas it is read
 *   again with backoff (4 s growing to 30 s), and everything is read again when the page
 *   gets focus or becomes visible.
 */
import { createContext, type ComponentChildren, type JSX } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  ApplicationStatus,
  Code,
  ConnectError,
  RegistrationStatus,
  type Application,
  type ApplicationEvent,
  type CpmiClient,
  type JobSeekerProfile,
  type Registration,
  type Vacancy,
} from "../../../typescript/src/index.js";
import { useLanguage, useWords, type Words } from "../i18n.js";
import { useQuery, useWatch, type Query } from "../live.js";
import { useSigned } from "../session.js";
import { announce } from "../ui.js";
import { applicationStatusWords, registrationStatusWords } from "./words.js";

export interface CandidateData {
  cpmi: CpmiClient;
  /** "candidates/{id}". */
  resource: string;
  profile: Query<JobSeekerProfile | null>;
  registration: Query<Registration | null>;
  /** Her applications, oldest first, as the last word from the server has them. */
  applications: Application[];
  applicationsLoaded: boolean;
  /** Every status change seen, per application name, oldest first. */
  events: Map<string, ApplicationEvent[]>;
  /** The vacancies her applications are for, by name (filled as they load). */
  vacancies: Map<string, Vacancy>;
  /** Moves when the vacancies she can apply to change (a watch message, focus, her own action). */
  eligibilityTurn: number;
  /** Read everything again (after a change the page made itself). */
  refresh: () => void;
  /** Put an application the page got back from a call (Apply, Withdraw) in place at once. */
  putApplication: (application: Application) => void;
}

const CandidateContext = createContext<CandidateData | undefined>(undefined);

export function useCandidate(): CandidateData {
  const data = useContext(CandidateContext);
  if (!data) throw new Error("useCandidate outside CandidateProvider");
  return data;
}

/** null for a resource that does not exist yet (no profile, no registration). */
async function orNull<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ConnectError && error.code === Code.NotFound) return null;
    throw error;
  }
}

const LIVE_WORDS: Words<"registration" | "application"> = {
  "id-ID": {
    registration: "Status pendaftaran CPMI kamu sekarang: {s}",
    application: "Lamaran {v}: {s}",
  },
  en: {
    registration: "Your CPMI registration is now: {s}",
    application: "Application {v}: {s}",
  },
};

function newer(a: Application | undefined, b: Application): boolean {
  if (!a) return true;
  return Number(b.updateTime?.seconds ?? 0n) * 1e9 + (b.updateTime?.nanos ?? 0) >= Number(a.updateTime?.seconds ?? 0n) * 1e9 + (a.updateTime?.nanos ?? 0);
}

export function CandidateProvider(props: { children: ComponentChildren }): JSX.Element {
  const { session, cpmi } = useSigned();
  const resource = session.resource;
  const words = useWords(LIVE_WORDS);
  const statusWords = registrationStatusWords[useLanguage()];
  const appWords = applicationStatusWords[useLanguage()];
  const [turn, setTurn] = useState(0);
  const [eligibilityTurn, setEligibilityTurn] = useState(0);

  const profile = useQuery(() => orNull(cpmi.registration.getJobSeekerProfile({ name: `${resource}/profile` })), [resource, turn]);
  const registration = useQuery(() => orNull(cpmi.registration.getRegistration({ name: `${resource}/registration` })), [resource, turn]);
  const listed = useQuery(() => cpmi.applications.listApplications({ parent: resource, pageSize: 500 }), [resource, turn]);

  const [applications, setApplications] = useState<Map<string, Application>>(new Map());
  const [events, setEvents] = useState<Map<string, ApplicationEvent[]>>(new Map());
  const [vacancies, setVacancies] = useState<Map<string, Vacancy>>(new Map());

  const putApplication = (application: Application) =>
    setApplications((before) => {
      if (!newer(before.get(application.name), application)) return before;
      const after = new Map(before);
      after.set(application.name, application);
      return after;
    });

  useEffect(() => {
    for (const application of listed.data?.applications ?? []) putApplication(application);
  }, [listed.data]);

  // The vacancy of each application, for its title and company.
  useEffect(() => {
    const missing = [...applications.values()].map((a) => a.vacancy).filter((name) => name && !vacancies.has(name));
    if (!missing.length) return;
    let stopped = false;
    void Promise.all(
      [...new Set(missing)].map((name) => cpmi.vacancies.getVacancy({ name }).catch(() => undefined)),
    ).then((found) => {
      if (stopped) return;
      setVacancies((before) => {
        const after = new Map(before);
        for (const vacancy of found) if (vacancy) after.set(vacancy.name, vacancy);
        return after;
      });
    });
    return () => {
      stopped = true;
    };
  }, [applications]);

  // Status changes of her applications: from the first one (a candidate has few), so the
  // timeline has every step's time; after a break, from the last one seen.
  const lastSequence = useRef<bigint>(0n);
  const openedAt = useRef(Date.now());
  const vacancyTitle = useRef(vacancies);
  vacancyTitle.current = vacancies;
  useWatch(
    (signal) => cpmi.applications.watchApplications({ parent: resource, afterSequence: lastSequence.current }, { signal }),
    (event: ApplicationEvent) => {
      if (event.sequence <= lastSequence.current) return;
      lastSequence.current = event.sequence;
      setEvents((before) => {
        const after = new Map(before);
        after.set(event.application, [...(after.get(event.application) ?? []), event]);
        return after;
      });
      if (event.snapshot) putApplication(event.snapshot);
      const when = Number(event.time?.seconds ?? 0n) * 1000;
      if (when >= openedAt.current - 2000) {
        const vacancy = event.snapshot ? vacancyTitle.current.get(event.snapshot.vacancy) : undefined;
        announce(words.application.replace("{v}", vacancy?.title ?? "").replace("{s}", appWords[event.toStatus] ?? ""));
        setEligibilityTurn((n) => n + 1);
      }
    },
    [resource],
  );

  // The vacancies she fits: any change is a reason to read her state and the lists again.
  const resumeToken = useRef("");
  useWatch(
    (signal) => cpmi.eligibility.watchEligibleVacancies({ candidate: resource, resumeToken: resumeToken.current }, { signal }),
    (change) => {
      resumeToken.current = change.resumeToken;
      setEligibilityTurn((n) => n + 1);
      registration.reload();
    },
    [resource],
  );

  // The registration while the Dinas decides: read again with backoff.
  const status = registration.data?.status;
  useEffect(() => {
    if (status !== RegistrationStatus.SUBMITTED) return;
    let delay = 4000;
    let timer: ReturnType<typeof setTimeout>;
    const again = () => {
      registration.reload();
      delay = Math.min(delay * 1.5, 30000);
      timer = setTimeout(again, delay);
    };
    timer = setTimeout(again, delay);
    return () => clearTimeout(timer);
  }, [status, registration.data?.etag]);

  // Say a change of the registration's status (not the first reading).
  const seenStatus = useRef<RegistrationStatus | undefined | null>(undefined);
  useEffect(() => {
    if (registration.data === undefined) return;
    const now = registration.data?.status ?? null;
    if (seenStatus.current !== undefined && seenStatus.current !== now && now !== null) {
      announce(words.registration.replace("{s}", statusWords[now]));
      setEligibilityTurn((n) => n + 1);
    }
    seenStatus.current = now;
  }, [registration.data?.status]);

  // Back to the page: read again.
  useEffect(() => {
    const back = () => {
      if (document.visibilityState === "visible") {
        setTurn((n) => n + 1);
        setEligibilityTurn((n) => n + 1);
      }
    };
    addEventListener("focus", back);
    document.addEventListener("visibilitychange", back);
    return () => {
      removeEventListener("focus", back);
      document.removeEventListener("visibilitychange", back);
    };
  }, []);

  const sorted = useMemo(
    () => [...applications.values()].sort((a, b) => Number((a.createTime?.seconds ?? 0n) - (b.createTime?.seconds ?? 0n))),
    [applications],
  );

  const data: CandidateData = {
    cpmi,
    resource,
    profile,
    registration,
    applications: sorted,
    applicationsLoaded: listed.data !== undefined,
    events,
    vacancies,
    eligibilityTurn,
    refresh: () => {
      setTurn((n) => n + 1);
      setEligibilityTurn((n) => n + 1);
    },
    putApplication,
  };
  return <CandidateContext.Provider value={data}>{props.children}</CandidateContext.Provider>;
}

/** Applications still under way (not rejected, withdrawn). */
export function active(application: Application): boolean {
  return application.status !== ApplicationStatus.REJECTED && application.status !== ApplicationStatus.WITHDRAWN;
}
