/**
 * The candidate's pages (CPMI), in the guide's order: Beranda (where she stands and the one
 * next step), Daftar sebagai pencari kerja, Pendaftaran CPMI (draft, Kirim, Revisi Pengajuan),
 * Lowongan (search, which she can apply to and why not the others, Lamar) and Lamaranku.
 */
import type { JSX } from "preact";
import { useWords, type Words } from "../i18n.js";
import { section, useRoute } from "../route.js";
import { Tabs } from "../ui.js";
import { ApplicationsPage } from "./applications.js";
import "./candidate.css";
import { CandidateProvider } from "./data.js";
import { HomePage } from "./home.js";
import { ProfilePage } from "./profile.js";
import { RegistrationDetail, RegistrationPage } from "./registration.js";
import { VacanciesPage } from "./vacancies.js";

/** The candidate's routes (for the accessibility check of every page). */
export const CANDIDATE_ROUTES = ["/", "/pencari-kerja", "/pendaftaran", "/pendaftaran/detail", "/lowongan", "/lamaranku"];

const WORDS: Words<"nav" | "home" | "profile" | "registration" | "vacancies" | "applications"> = {
  "id-ID": {
    nav: "Menu calon pekerja migran",
    home: "Beranda",
    profile: "Pencari kerja",
    registration: "Pendaftaran CPMI",
    vacancies: "Lowongan",
    applications: "Lamaranku",
  },
  en: {
    nav: "Candidate menu",
    home: "Home",
    profile: "Job seeker",
    registration: "CPMI registration",
    vacancies: "Vacancies",
    applications: "My applications",
  },
};

export function CandidatePortal(): JSX.Element {
  return (
    <CandidateProvider>
      <Pages />
    </CandidateProvider>
  );
}

function Pages(): JSX.Element {
  const words = useWords(WORDS);
  const route = useRoute();
  const current = section(route);
  return (
    <div class="candidate">
      <Tabs
        label={words.nav}
        current={current}
        tabs={[
          { path: "/", label: words.home },
          { path: "/pencari-kerja", label: words.profile },
          { path: "/pendaftaran", label: words.registration },
          { path: "/lowongan", label: words.vacancies },
          { path: "/lamaranku", label: words.applications },
        ]}
      />
      {page(route)}
    </div>
  );
}

function page(route: string): JSX.Element {
  switch (route) {
    case "/pencari-kerja":
      return <ProfilePage />;
    case "/pendaftaran":
      return <RegistrationPage />;
    case "/pendaftaran/detail":
      return <RegistrationDetail />;
    case "/lowongan":
      return <VacanciesPage />;
    case "/lamaranku":
      return <ApplicationsPage />;
    default:
      return <HomePage />;
  }
}
