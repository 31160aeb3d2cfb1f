/**
 * The lists a P3MI chooses from, shown as names: destination countries, currencies, sectors
 * and employer types. A country or a currency is stored as its ISO code but a person only
 * ever reads its name (Intl.DisplayNames in the page's language).
 */
import { EmployerType } from "../../../typescript/src/index.js";
import { locale, type Language, type Words } from "../i18n.js";

/** The destinations most P3MI post to, listed first (the placement figures of BP2MI, KemenP2MI since October 2024). */
const MAIN_DESTINATIONS = ["MY", "TW", "HK", "SA", "KR", "JP", "SG", "AE", "QA", "KW", "OM", "BN", "TR", "PL", "DE", "IT"];

/** Region codes Intl knows that are not countries a worker can be placed in. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "ID", "AQ", "BV", "HM", "TF", "UM", "IO"]);

let everyCode: string[] | undefined;

function allRegionCodes(): string[] {
  if (everyCode) return everyCode;
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  const found: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      try {
        if (names.of(code)) found.push(code);
      } catch {
        // not a region
      }
    }
  }
  everyCode = found;
  return found;
}

export interface Choice {
  value: string;
  label: string;
}

/** Destination countries by name: the main destinations first, then every other A to Z. */
export function countryChoices(language: Language): { main: Choice[]; others: Choice[] } {
  const names = new Intl.DisplayNames([locale(language)], { type: "region" });
  const name = (code: string) => names.of(code) ?? code;
  const main = MAIN_DESTINATIONS.map((code) => ({ value: code, label: name(code) })).sort((a, b) => a.label.localeCompare(b.label, locale(language)));
  const others = allRegionCodes()
    .filter((code) => !MAIN_DESTINATIONS.includes(code))
    .map((code) => ({ value: code, label: name(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale(language)));
  return { main, others };
}

const CURRENCIES = ["SAR", "MYR", "TWD", "HKD", "SGD", "KRW", "JPY", "AED", "QAR", "KWD", "OMR", "BND", "TRY", "PLN", "EUR", "USD", "IDR"];

/** "Riyal Saudi (SAR)": the name a person knows, with the code printed on payslips. */
export function currencyChoices(language: Language): Choice[] {
  const names = new Intl.DisplayNames([locale(language)], { type: "currency" });
  return CURRENCIES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }));
}

/** The sectors of the competency catalogue (matcher/catalogue/occupations.json). */
export const SECTORS = [
  "domestic",
  "care",
  "health",
  "hospitality",
  "manufacturing",
  "construction",
  "plantation",
  "fishery",
  "maritime",
  "transport",
  "automotive",
  "security",
] as const;

export const SECTOR_WORDS: Words<(typeof SECTORS)[number]> = {
  "id-ID": {
    domestic: "Rumah tangga (domestik)",
    care: "Perawatan (caregiver)",
    health: "Kesehatan",
    hospitality: "Perhotelan dan restoran",
    manufacturing: "Manufaktur / pabrik",
    construction: "Konstruksi",
    plantation: "Perkebunan dan pertanian",
    fishery: "Perikanan",
    maritime: "Pelayaran",
    transport: "Transportasi",
    automotive: "Otomotif",
    security: "Keamanan",
  },
  en: {
    domestic: "Domestic work",
    care: "Care work",
    health: "Health",
    hospitality: "Hospitality",
    manufacturing: "Manufacturing",
    construction: "Construction",
    plantation: "Plantation and agriculture",
    fishery: "Fishery",
    maritime: "Shipping",
    transport: "Transport",
    automotive: "Automotive",
    security: "Security",
  },
};

export function sectorName(sector: string, language: Language): string {
  const words = SECTOR_WORDS[language] as Record<string, string>;
  return words[sector] ?? "";
}

export const EMPLOYER_WORDS: Words<"company" | "individual" | "unknown"> = {
  "id-ID": { company: "Perusahaan / badan hukum", individual: "Pengguna perseorangan (rumah tangga)", unknown: "Belum dipilih" },
  en: { company: "A company or legal entity", individual: "An individual household", unknown: "Not chosen" },
};

export function employerName(type: EmployerType, language: Language): string {
  const words = EMPLOYER_WORDS[language];
  return type === EmployerType.COMPANY ? words.company : type === EmployerType.INDIVIDUAL ? words.individual : words.unknown;
}
