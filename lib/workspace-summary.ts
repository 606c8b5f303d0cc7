import type { SupportedLocale } from "./format/locales";
import type { Role } from "./roles";

// A workspace as the signed-in user sees it in the shell; shared by pages, routes and the UI.

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
  timezone: string;
  brandColor: string;
  /** Numbers and dates are written for this locale. */
  locale: SupportedLocale;
}
