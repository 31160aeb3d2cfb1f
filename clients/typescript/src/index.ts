/**
 * cpmi-matcher for browsers and Node: typed clients of every service over Connect
 * (JSON over HTTP, `fetch` underneath), generated from proto/ into ./gen.
 *
 *   const cpmi = createCpmiClient({ baseUrl: "https://cpmi.example.go.id", token, language: "en" });
 *   const vacancies = await cpmi.vacancies.listVacancies({ countryCode: "SA" });
 *
 * A refusal is a ConnectError; `refusal(error)` gives its stable reason (ErrorInfo) and
 * the message in the caller's language (LocalizedMessage).
 *
 * The client honours the server's pushback: a unary call refused with RESOURCE_EXHAUSTED
 * or UNAVAILABLE naming a delay (RetryInfo) is sent again after that delay; another
 * UNAVAILABLE is retried with backoff; always within the call's `timeoutMs`. Every
 * mutation carries a request id, so a retry never applies twice.
 */
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { ApplicationService } from "./gen/cpmi/matching/v1/application_pb.js";
import { AuditService } from "./gen/cpmi/matching/v1/audit_pb.js";
import { CertificateService } from "./gen/cpmi/matching/v1/certificate_pb.js";
import { DocumentService } from "./gen/cpmi/matching/v1/document_pb.js";
import { EligibilityService } from "./gen/cpmi/matching/v1/eligibility_pb.js";
import { PolicyService } from "./gen/cpmi/matching/v1/policy_pb.js";
import { RegistrationService } from "./gen/cpmi/matching/v1/registration_pb.js";
import { SessionService } from "./gen/cpmi/matching/v1/session_pb.js";
import { VacancyService } from "./gen/cpmi/matching/v1/vacancy_pb.js";

export * from "./gen/cpmi/matching/v1/application_pb.js";
export * from "./gen/cpmi/matching/v1/audit_pb.js";
export * from "./gen/cpmi/matching/v1/certificate_pb.js";
export * from "./gen/cpmi/matching/v1/common_pb.js";
export * from "./gen/cpmi/matching/v1/document_pb.js";
export * from "./gen/cpmi/matching/v1/eligibility_pb.js";
export * from "./gen/cpmi/matching/v1/policy_pb.js";
export * from "./gen/cpmi/matching/v1/registration_pb.js";
export * from "./gen/cpmi/matching/v1/session_pb.js";
export * from "./gen/cpmi/matching/v1/vacancy_pb.js";
export { Code, ConnectError };

export interface CpmiOptions {
  /** The Connect door, e.g. "http://127.0.0.1:8080" (`--connect-port`). */
  baseUrl: string;
  /** A bearer token, or a function giving the current one (refreshed by your login). */
  token?: string | (() => string | Promise<string>);
  /** The language of messages for people: "id-ID" (the default) or "en". */
  language?: "id-ID" | "en";
  /** Another transport (e.g. gRPC-Web, or a Node HTTP/2 one); the token is not added to it. */
  transport?: Transport;
  /** When refused calls are tried again (see `RetryOptions`); `false`: never. */
  retry?: RetryOptions | false;
}

export interface RetryOptions {
  /** Tries in all of a call answered UNAVAILABLE without a delay (4). */
  attempts?: number;
  /** How often a call waits a delay the server named before giving up (20). */
  pushbacks?: number;
  /** The first backoff after UNAVAILABLE, doubled each time up to `maxBackoffMs` (100, 2000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

const RETRY_DEFAULTS: Required<RetryOptions> = { attempts: 4, pushbacks: 20, initialBackoffMs: 100, maxBackoffMs: 2000 };

export interface CpmiClient {
  registration: Client<typeof RegistrationService>;
  documents: Client<typeof DocumentService>;
  vacancies: Client<typeof VacancyService>;
  eligibility: Client<typeof EligibilityService>;
  applications: Client<typeof ApplicationService>;
  certificates: Client<typeof CertificateService>;
  policies: Client<typeof PolicyService>;
  audit: Client<typeof AuditService>;
  /** Who is signed in, as the server verified the token: `sessions.getSession({})`. */
  sessions: Client<typeof SessionService>;
}

export function createCpmiClient(options: CpmiOptions): CpmiClient {
  const transport = options.transport ?? createConnectTransport({
    baseUrl: options.baseUrl,
    interceptors: [
      identify(options),
      ...(options.retry === false ? [] : [honourPushback({ ...RETRY_DEFAULTS, ...options.retry })]),
    ],
  });
  return {
    registration: createClient(RegistrationService, transport),
    documents: createClient(DocumentService, transport),
    vacancies: createClient(VacancyService, transport),
    eligibility: createClient(EligibilityService, transport),
    applications: createClient(ApplicationService, transport),
    certificates: createClient(CertificateService, transport),
    policies: createClient(PolicyService, transport),
    audit: createClient(AuditService, transport),
    sessions: createClient(SessionService, transport),
  };
}

function identify(options: CpmiOptions): Interceptor {
  return (next) => async (request) => {
    const token = typeof options.token === "function" ? await options.token() : options.token;
    if (token) request.header.set("authorization", `Bearer ${token}`);
    if (options.language) request.header.set("accept-language", options.language);
    return next(request);
  };
}

/** Retries a refused unary call as the server asked (see the module's comment). */
export function honourPushback(retry: Required<RetryOptions>): Interceptor {
  return (next) => async (request) => {
    if (request.stream) return next(request);
    const timeoutMs = Number(request.header.get("connect-timeout-ms") ?? Number.NaN);
    const deadline = Number.isFinite(timeoutMs) ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    let attempt = 1;
    let pushbacks = 0;
    for (;;) {
      try {
        return await next(request);
      } catch (error) {
        const told = retryAfterMs(error);
        const pause = pauseMs(error, told, attempt, pushbacks, retry);
        if (pause === undefined || request.signal.aborted || Date.now() + pause >= deadline) throw error;
        if (told === undefined) attempt += 1;
        else pushbacks += 1;
        await sleep(pause, request.signal);
      }
    }
  };
}

function pauseMs(
  error: unknown,
  told: number | undefined,
  attempt: number,
  pushbacks: number,
  retry: Required<RetryOptions>,
): number | undefined {
  if (!(error instanceof ConnectError)) return undefined;
  const pushedBack = error.code === Code.ResourceExhausted || error.code === Code.Unavailable;
  if (pushedBack && told !== undefined) return pushbacks < retry.pushbacks ? told * (1 + Math.random() * 0.2) : undefined;
  if (error.code === Code.Unavailable && attempt < retry.attempts) {
    return Math.random() * Math.min(retry.initialBackoffMs * 2 ** (attempt - 1), retry.maxBackoffMs);
  }
  return undefined;
}

/** The delay the server named in RetryInfo, in milliseconds (undefined: none). */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof ConnectError)) return undefined;
  for (const detail of error.details) {
    if ("debug" in detail && detail.type === "google.rpc.RetryInfo") {
      const delay = String((detail.debug as { retryDelay?: string } | undefined)?.retryDelay ?? "");
      const seconds = /^(\d+(?:\.\d+)?)s$/.exec(delay);
      if (seconds) return Number(seconds[1]) * 1000;
    }
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

export interface Refusal {
  code: Code;
  /** The stable reason, e.g. "NOT_FOUND", "NOT_ELIGIBLE", "TOKEN_EXPIRED". */
  reason: string;
  /** The message for people, in the language asked for. */
  message: string;
  /** ErrorInfo metadata, e.g. the resource not found. */
  metadata: Record<string, string>;
}

/** What a refused call tells, or undefined for an error that is not a ConnectError. */
export function refusal(error: unknown): Refusal | undefined {
  if (!(error instanceof ConnectError)) return undefined;
  const debug = (type: string): Record<string, unknown> | undefined => {
    for (const detail of error.details) {
      if ("debug" in detail && detail.type === type) return detail.debug as Record<string, unknown>;
    }
    return undefined;
  };
  const info = debug("google.rpc.ErrorInfo") ?? {};
  const localized = debug("google.rpc.LocalizedMessage") ?? {};
  return {
    code: error.code,
    reason: String(info.reason ?? ""),
    message: String(localized.message ?? error.rawMessage),
    metadata: (info.metadata ?? {}) as Record<string, string>,
  };
}
