/** Words the candidate's pages share: statuses and the names of things (the guide's words). */
import {
  ApplicationStatus,
  DocumentKind,
  EmployerType,
  EmploymentCondition,
  MaritalStatus,
  RegistrationStatus,
  RoundDecision,
} from "../../../typescript/src/index.js";
import type { Language } from "../i18n.js";

import type { Named } from "../names.js";

export { religionWords } from "../names.js";

export const registrationStatusWords: Named<RegistrationStatus> = {
  "id-ID": {
    [RegistrationStatus.UNSPECIFIED]: "Belum terdaftar",
    [RegistrationStatus.DRAFT]: "Draf (belum dikirim)",
    [RegistrationStatus.SUBMITTED]: "Diajukan",
    [RegistrationStatus.REJECTED]: "Ditolak",
    [RegistrationStatus.VERIFIED]: "Terverifikasi",
  },
  en: {
    [RegistrationStatus.UNSPECIFIED]: "Not registered",
    [RegistrationStatus.DRAFT]: "Draft (not sent yet)",
    [RegistrationStatus.SUBMITTED]: "Submitted",
    [RegistrationStatus.REJECTED]: "Rejected",
    [RegistrationStatus.VERIFIED]: "Verified",
  },
};

export const applicationStatusWords: Named<ApplicationStatus> = {
  "id-ID": {
    [ApplicationStatus.UNSPECIFIED]: "",
    [ApplicationStatus.SENT]: "Terkirim",
    [ApplicationStatus.PROCESSING]: "Diproses",
    [ApplicationStatus.INTERVIEW]: "Wawancara",
    [ApplicationStatus.AWAITING_PP_VERIFICATION]: "Menunggu Verifikasi PP",
    [ApplicationStatus.PP_VERIFIED]: "PP Telah Diverifikasi",
    [ApplicationStatus.REJECTED]: "Ditolak",
    [ApplicationStatus.WITHDRAWN]: "Dibatalkan",
  },
  en: {
    [ApplicationStatus.UNSPECIFIED]: "",
    [ApplicationStatus.SENT]: "Sent",
    [ApplicationStatus.PROCESSING]: "Being processed",
    [ApplicationStatus.INTERVIEW]: "Interview",
    [ApplicationStatus.AWAITING_PP_VERIFICATION]: "Waiting for PP verification",
    [ApplicationStatus.PP_VERIFIED]: "PP verified",
    [ApplicationStatus.REJECTED]: "Rejected",
    [ApplicationStatus.WITHDRAWN]: "Withdrawn",
  },
};

export const roundDecisionWords: Named<RoundDecision> = {
  "id-ID": {
    [RoundDecision.UNSPECIFIED]: "",
    [RoundDecision.PENDING]: "Menunggu keputusan Dinas",
    [RoundDecision.VERIFIED]: "Terverifikasi",
    [RoundDecision.REJECTED]: "Ditolak",
  },
  en: {
    [RoundDecision.UNSPECIFIED]: "",
    [RoundDecision.PENDING]: "Waiting for the Dinas",
    [RoundDecision.VERIFIED]: "Verified",
    [RoundDecision.REJECTED]: "Rejected",
  },
};


export const maritalWords: Named<MaritalStatus> = {
  "id-ID": {
    [MaritalStatus.UNSPECIFIED]: "Pilih status perkawinan",
    [MaritalStatus.SINGLE]: "Belum kawin",
    [MaritalStatus.MARRIED]: "Kawin",
    [MaritalStatus.DIVORCED]: "Cerai hidup",
    [MaritalStatus.WIDOWED]: "Cerai mati",
  },
  en: {
    [MaritalStatus.UNSPECIFIED]: "Choose a marital status",
    [MaritalStatus.SINGLE]: "Single",
    [MaritalStatus.MARRIED]: "Married",
    [MaritalStatus.DIVORCED]: "Divorced",
    [MaritalStatus.WIDOWED]: "Widowed",
  },
};

export const conditionWords: Named<EmploymentCondition> = {
  "id-ID": {
    [EmploymentCondition.UNSPECIFIED]: "",
    [EmploymentCondition.LAID_OFF]: "PHK",
    [EmploymentCondition.FRESH_GRADUATE]: "Fresh graduate",
    [EmploymentCondition.EMPLOYED]: "Masih bekerja",
  },
  en: {
    [EmploymentCondition.UNSPECIFIED]: "",
    [EmploymentCondition.LAID_OFF]: "Laid off",
    [EmploymentCondition.FRESH_GRADUATE]: "Fresh graduate",
    [EmploymentCondition.EMPLOYED]: "Still working",
  },
};

export const employerWords: Named<EmployerType> = {
  "id-ID": {
    [EmployerType.UNSPECIFIED]: "",
    [EmployerType.COMPANY]: "Pengguna berbadan hukum (perusahaan)",
    [EmployerType.INDIVIDUAL]: "Pengguna perseorangan",
  },
  en: {
    [EmployerType.UNSPECIFIED]: "",
    [EmployerType.COMPANY]: "A company",
    [EmployerType.INDIVIDUAL]: "A private household",
  },
};

export const documentWords: Named<DocumentKind> = {
  "id-ID": {
    [DocumentKind.UNSPECIFIED]: "Dokumen",
    [DocumentKind.KTP]: "KTP",
    [DocumentKind.KK]: "Kartu keluarga",
    [DocumentKind.PERMISSION_LETTER]: "Surat izin",
    [DocumentKind.COMPETENCY_CERTIFICATE]: "Sertifikat kompetensi kerja",
    [DocumentKind.HEALTH_CERTIFICATE]: "Surat keterangan sehat",
    [DocumentKind.BPJS_CARD]: "Kartu BPJS TK",
    [DocumentKind.PLACEMENT_AGREEMENT]: "Perjanjian Penempatan",
    [DocumentKind.MARITAL_STATUS_LETTER]: "Surat keterangan status perkawinan",
  },
  en: {
    [DocumentKind.UNSPECIFIED]: "Document",
    [DocumentKind.KTP]: "KTP (identity card)",
    [DocumentKind.KK]: "Family card (KK)",
    [DocumentKind.PERMISSION_LETTER]: "Permission letter",
    [DocumentKind.COMPETENCY_CERTIFICATE]: "Competency certificate",
    [DocumentKind.HEALTH_CERTIFICATE]: "Health certificate",
    [DocumentKind.BPJS_CARD]: "BPJS TK card",
    [DocumentKind.PLACEMENT_AGREEMENT]: "Placement agreement (PP)",
    [DocumentKind.MARITAL_STATUS_LETTER]: "Marital status letter",
  },
};

/** Destinations people choose most (ISO codes; shown by name only). */
export const DESTINATIONS = ["SA", "MY", "HK", "TW", "SG", "KR", "JP", "AE", "QA", "KW", "OM", "BN", "DE", "PL", "NL", "AU"];

/** The names of an enum's values in the page's language. */
export function named<E extends number>(table: Named<E>, language: Language): Record<E, string> {
  return table[language];
}
