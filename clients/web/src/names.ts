/** Names of the enums every role's pages show (the guide's words), in both languages. */
import { Religion } from "../../typescript/src/index.js";
import type { Language } from "./i18n.js";

export type Named<E extends number> = Record<Language, Record<E, string>>;

/** Religion on the KTP; UNSPECIFIED is the form's prompt, so a reader shows "" for it. */
export const religionWords: Named<Religion> = {
  "id-ID": {
    [Religion.UNSPECIFIED]: "Pilih agama",
    [Religion.ISLAM]: "Islam",
    [Religion.KRISTEN]: "Kristen",
    [Religion.KATOLIK]: "Katolik",
    [Religion.HINDU]: "Hindu",
    [Religion.BUDDHA]: "Buddha",
    [Religion.KHONGHUCU]: "Khonghucu",
    [Religion.KEPERCAYAAN]: "Kepercayaan terhadap Tuhan YME",
  },
  en: {
    [Religion.UNSPECIFIED]: "Choose a religion",
    [Religion.ISLAM]: "Islam",
    [Religion.KRISTEN]: "Protestant Christian",
    [Religion.KATOLIK]: "Catholic",
    [Religion.HINDU]: "Hindu",
    [Religion.BUDDHA]: "Buddhist",
    [Religion.KHONGHUCU]: "Confucian",
    [Religion.KEPERCAYAAN]: "Indigenous belief (Kepercayaan)",
  },
};
