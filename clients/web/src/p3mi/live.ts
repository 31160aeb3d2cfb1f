/** What the company's watch has seen: a tick that pages put in their query keys to reload. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApplicationEvent } from "../../../typescript/src/index.js";

export interface Live {
  /** Counts the changes seen since the page opened. */
  tick: number;
  /** Application name → the sequence of its last change seen. */
  changed: Map<string, bigint>;
  last?: ApplicationEvent;
}

export const LiveContext = createContext<Live>({ tick: 0, changed: new Map() });

export function useLive(): Live {
  return useContext(LiveContext);
}
