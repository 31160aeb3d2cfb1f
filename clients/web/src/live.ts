/**
 * Reading from the server and staying live: `useQuery` loads, `useWatch` follows a stream.
 * Both report to one connection state, so the page says when the server is away and clears
 * it when an answer comes back; both try again with backoff (1 s doubling to 30 s, with
 * jitter), never in a tight loop.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { isAway, problemOf, PROBLEM_WORDS, type Problem } from "./errors.js";
import { useLanguage } from "./i18n.js";

type Listener = () => void;

/** Whether the last call reached the server; the banner shows it. */
class Connection {
  away = false;
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(reached: boolean): void {
    if (this.away === !reached) return;
    this.away = !reached;
    for (const listener of this.listeners) listener();
  }
}

export const connection = new Connection();

export function useAway(): boolean {
  const [away, setAway] = useState(connection.away);
  useEffect(() => connection.subscribe(() => setAway(connection.away)), []);
  return away;
}

export const FIRST_RETRY_MS = 1000;
export const LAST_RETRY_MS = 30000;

/** The pause before try number `attempt` (1, 2, …): 1 s doubling up to 30 s, ±20 %. */
export function backoffMs(attempt: number): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1), LAST_RETRY_MS);
  return base * (0.8 + Math.random() * 0.4);
}

/** Note a call's outcome in the connection state (undefined: it succeeded); gives back the error. */
export function noted(error: unknown): unknown {
  connection.report(error === undefined || !isAway(error));
  return error;
}

export interface Query<T> {
  data?: T;
  problem?: Problem;
  loading: boolean;
  /** Load again now (after a change the page made itself). */
  reload: () => void;
}

/** Loads `load()` when `keys` change; while the server is away it tries again with backoff. */
export function useQuery<T>(load: () => Promise<T>, keys: unknown[]): Query<T> {
  const language = useLanguage();
  const [state, setState] = useState<{ data?: T; problem?: Problem; loading: boolean }>({ loading: true });
  const [turn, setTurn] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (n: number) => {
      try {
        const data = await latest.current();
        connection.report(true);
        if (!stopped) setState({ data, loading: false });
      } catch (error) {
        noted(error);
        if (stopped) return;
        const problem = problemOf(error, PROBLEM_WORDS[language]);
        setState((before) => ({ data: before.data, problem, loading: false }));
        if (problem.away) timer = setTimeout(() => void attempt(n + 1), backoffMs(n));
      }
    };
    setState((before) => ({ data: before.data, loading: true }));
    void attempt(1);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...keys, language, turn]);
  const reload = useCallback(() => setTurn((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * Follows a stream: `open(signal)` gives an async iterable; each message goes to `onMessage`.
 * A broken stream is opened again after a backoff (reset once a message arrives); `open`
 * should resume from the last message it saw (a resume token or sequence kept by the caller).
 */
export function useWatch<M>(
  open: (signal: AbortSignal) => AsyncIterable<M>,
  onMessage: (message: M) => void,
  keys: unknown[],
): void {
  const latest = useRef({ open, onMessage });
  latest.current = { open, onMessage };
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = async (attempt: number) => {
      let tries = attempt;
      try {
        for await (const message of latest.current.open(controller.signal)) {
          connection.report(true);
          tries = 1;
          latest.current.onMessage(message);
        }
        tries = 1; // the server ended the stream (draining): open it again
      } catch (error) {
        if (controller.signal.aborted) return;
        noted(error);
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void follow(tries + 1), backoffMs(tries));
    };
    void follow(1);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, keys);
}
