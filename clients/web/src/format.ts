/** Dates, money, countries and names of resources shown as words, never as codes. */
import type { Language } from "./i18n.js";
import { locale } from "./i18n.js";

interface DateLike {
  year: number;
  month: number;
  day: number;
}

interface MoneyLike {
  currencyCode: string;
  units: bigint | number;
}

interface TimestampLike {
  seconds: bigint | number;
  nanos?: number;
}

export function dateText(date: DateLike | undefined, language: Language): string {
  if (!date || !date.year) return "";
  const value = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return value.toLocaleDateString(locale(language), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

export function timeText(stamp: TimestampLike | undefined, language: Language): string {
  if (!stamp) return "";
  const value = new Date(Number(stamp.seconds) * 1000 + Math.floor((stamp.nanos ?? 0) / 1e6));
  return value.toLocaleString(locale(language), { dateStyle: "medium", timeStyle: "short" });
}

export function moneyText(money: MoneyLike | undefined, language: Language): string {
  if (!money || !money.currencyCode) return "";
  return `${money.currencyCode} ${Number(money.units).toLocaleString(locale(language))}`;
}

/** "SAR 3.500 – 4.500" from a salary range (either end may be missing). */
export function salaryText(low: MoneyLike | undefined, high: MoneyLike | undefined, language: Language): string {
  const from = moneyText(low, language);
  const sameCurrency = Boolean(from && high?.currencyCode && high.currencyCode === low?.currencyCode);
  const to = sameCurrency ? Number(high?.units).toLocaleString(locale(language)) : moneyText(high, language);
  return [from, to].filter(Boolean).join(" – ");
}

const countryNames = new Map<Language, Intl.DisplayNames>();

/** "Arab Saudi" / "Saudi Arabia" for "SA". */
export function countryName(code: string, language: Language): string {
  if (!code) return "";
  let names = countryNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([locale(language)], { type: "region" });
    countryNames.set(language, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The last segment of a resource name ("applications/abc" → "abc"). */
export function idOf(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

export function toDate(value: string): DateLike | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
}

export function fromDate(date: DateLike | undefined): string {
  if (!date || !date.year) return "";
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
