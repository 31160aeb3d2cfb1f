/** The CPMI form as the page edits it (dates as yyyy-mm-dd text) and back to the API's shape. */
import { MaritalStatus, Religion, type RegistrationForm } from "../../../typescript/src/index.js";
import { fromDate, toDate } from "../format.js";

export interface Contact {
  name: string;
  relationship: string;
  phoneNumber: string;
  address: string;
}

export interface Certificate {
  bnspNumber: string;
  scan: string;
  schemeTitle: string;
  occupationCode: string;
  issueDate: string;
  expiryDate: string;
}

export interface Form {
  ktp: { fullName: string; nik: string; scan: string; religion: Religion; domicileRegencyCode: string };
  phoneNumber: string;
  familyCard: { number: string; scan: string; headOfFamilyNik: string; issuerNip: string; issueDate: string };
  maritalStatus: MaritalStatus;
  maritalStatusLetterScan: string;
  relatives: { fatherName: string; motherName: string; guardianName: string };
  emergencyContacts: Contact[];
  permissionLetter: {
    scan: string;
    villageRegistrationNumber: string;
    letterDate: string;
    villageHeadName: string;
    permitterNik: string;
    permitterName: string;
  };
  competencyCertificates: Certificate[];
  healthCertificate: { number: string; scan: string; clinicName: string; doctorName: string; issueDate: string };
  bpjs: { cardNumber: string; scan: string };
}

export type Section = keyof Form;

/** The update_mask path of each part of the form. */
export const MASK: Record<Section, string> = {
  ktp: "form.ktp",
  phoneNumber: "form.phone_number",
  familyCard: "form.family_card",
  maritalStatus: "form.marital_status",
  maritalStatusLetterScan: "form.marital_status_letter_scan",
  relatives: "form.relatives",
  emergencyContacts: "form.emergency_contacts",
  permissionLetter: "form.permission_letter",
  competencyCertificates: "form.competency_certificates",
  healthCertificate: "form.health_certificate",
  bpjs: "form.bpjs",
};

export function emptyContact(): Contact {
  return { name: "", relationship: "", phoneNumber: "", address: "" };
}

export function emptyCertificate(): Certificate {
  return { bnspNumber: "", scan: "", schemeTitle: "", occupationCode: "", issueDate: "", expiryDate: "" };
}

export function formFrom(form: RegistrationForm | undefined): Form {
  const f = form;
  return {
    ktp: {
      fullName: f?.ktp?.fullName ?? "",
      nik: f?.ktp?.nik ?? "",
      scan: f?.ktp?.scan ?? "",
      religion: f?.ktp?.religion ?? Religion.UNSPECIFIED,
      domicileRegencyCode: f?.ktp?.domicileRegencyCode ?? "",
    },
    phoneNumber: f?.phoneNumber ?? "",
    familyCard: {
      number: f?.familyCard?.number ?? "",
      scan: f?.familyCard?.scan ?? "",
      headOfFamilyNik: f?.familyCard?.headOfFamilyNik ?? "",
      issuerNip: f?.familyCard?.issuerNip ?? "",
      issueDate: fromDate(f?.familyCard?.issueDate),
    },
    maritalStatus: f?.maritalStatus ?? MaritalStatus.UNSPECIFIED,
    maritalStatusLetterScan: f?.maritalStatusLetterScan ?? "",
    relatives: {
      fatherName: f?.relatives?.fatherName ?? "",
      motherName: f?.relatives?.motherName ?? "",
      guardianName: f?.relatives?.guardianName ?? "",
    },
    emergencyContacts: f?.emergencyContacts?.length
      ? f.emergencyContacts.map((c) => ({ name: c.name, relationship: c.relationship, phoneNumber: c.phoneNumber, address: c.address }))
      : [emptyContact()],
    permissionLetter: {
      scan: f?.permissionLetter?.scan ?? "",
      villageRegistrationNumber: f?.permissionLetter?.villageRegistrationNumber ?? "",
      letterDate: fromDate(f?.permissionLetter?.letterDate),
      villageHeadName: f?.permissionLetter?.villageHeadName ?? "",
      permitterNik: f?.permissionLetter?.permitterNik ?? "",
      permitterName: f?.permissionLetter?.permitterName ?? "",
    },
    competencyCertificates: f?.competencyCertificates?.length
      ? f.competencyCertificates.map((c) => ({
          bnspNumber: c.bnspNumber,
          scan: c.scan,
          schemeTitle: c.schemeTitle,
          occupationCode: c.occupationCode,
          issueDate: fromDate(c.issueDate),
          expiryDate: fromDate(c.expiryDate),
        }))
      : [emptyCertificate()],
    healthCertificate: {
      number: f?.healthCertificate?.number ?? "",
      scan: f?.healthCertificate?.scan ?? "",
      clinicName: f?.healthCertificate?.clinicName ?? "",
      doctorName: f?.healthCertificate?.doctorName ?? "",
      issueDate: fromDate(f?.healthCertificate?.issueDate),
    },
    bpjs: { cardNumber: f?.bpjs?.cardNumber ?? "", scan: f?.bpjs?.scan ?? "" },
  };
}

const blankContact = (c: Contact) => !c.name && !c.relationship && !c.phoneNumber && !c.address;
const blankCertificate = (c: Certificate) => !c.bnspNumber && !c.scan && !c.schemeTitle && !c.issueDate && !c.expiryDate;

/** The form as the API takes it (an untouched empty contact or certificate row is left out). */
export function formTo(form: Form) {
  const t = (s: string) => s.trim();
  return {
    ktp: { ...form.ktp, fullName: t(form.ktp.fullName), nik: t(form.ktp.nik) },
    phoneNumber: t(form.phoneNumber),
    familyCard: { ...form.familyCard, number: t(form.familyCard.number), issueDate: toDate(form.familyCard.issueDate) },
    maritalStatus: form.maritalStatus,
    maritalStatusLetterScan: form.maritalStatusLetterScan,
    relatives: form.relatives,
    emergencyContacts: form.emergencyContacts.filter((c) => !blankContact(c)),
    permissionLetter: { ...form.permissionLetter, letterDate: toDate(form.permissionLetter.letterDate) },
    competencyCertificates: form.competencyCertificates
      .filter((c) => !blankCertificate(c))
      .map((c) => ({ ...c, issueDate: toDate(c.issueDate), expiryDate: toDate(c.expiryDate) })),
    healthCertificate: { ...form.healthCertificate, issueDate: toDate(form.healthCertificate.issueDate) },
    bpjs: { ...form.bpjs, cardNumber: t(form.bpjs.cardNumber) },
  };
}
