"use client";

import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LOCALE, type SupportedLocale } from "@/lib/format/locales";

// The workspace's number and date locale, for every formatting call in the UI.
const LocaleContext = createContext<SupportedLocale>(DEFAULT_LOCALE);

export function LocaleProvider(props: { locale: SupportedLocale; children: ReactNode }) {
  return <LocaleContext.Provider value={props.locale}>{props.children}</LocaleContext.Provider>;
}

export function useLocale(): SupportedLocale {
  return useContext(LocaleContext);
}
