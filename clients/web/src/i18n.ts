/**
 * Words for people, in Bahasa Indonesia (the guide's words and its "kamu") with English as a
 * choice. Each part of the portal keeps its own table of words beside its code; `useWords`
 * gives the table in the language chosen in the header.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export type Language = "id-ID" | "en";

/** A table of words: the same keys in both languages (the type checker holds them in step). */
export type Words<K extends string> = Record<Language, Record<K, string>>;

export const LanguageContext = createContext<Language>("id-ID");

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useWords<K extends string>(table: Words<K>): Record<K, string> {
  return table[useLanguage()];
}

/** "{n} lowongan" with its number put in; `one` when n is 1 (English "1 vacancy"). */
export function counted(n: number, many: string, one = many): string {
  return (n === 1 ? one : many).replace("{n}", n.toLocaleString("id-ID"));
}

/** A message the server made, in the language asked for (messageId / messageEn pairs). */
export function localized(language: Language, message: { messageId: string; messageEn: string }): string {
  return language === "en" ? message.messageEn || message.messageId : message.messageId || message.messageEn;
}

export function locale(language: Language): string {
  return language === "en" ? "en-GB" : "id-ID";
}
