import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';

/**
 * The namespaces the browser needs on every page: the header, the bell, the language
 * switch, the outage notice, the combobox, a text field's length notice and the overview's
 * charts. Every namespace sent rides in each page's HTML (the whole catalogue was ~70 kB of
 * it): forms, review lists and the requests' components get theirs from their own section's
 * layout (ClientMessages).
 */
export const EVERY_PAGE = [
  'header',
  'codes',
  'languageSwitch',
  'notifications',
  'outage',
  'combobox',
  'textLimit',
  'errorPage',
  'accessChart',
  'heatmap',
  'incidentChart',
] as const;

/** Sends the browser the catalogue's namespaces its client components in `children` use. */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: readonly string[];
  children: ReactNode;
}) {
  const all = (await getMessages()) as Record<string, unknown>;
  const picked = Object.fromEntries(
    [...EVERY_PAGE, ...namespaces].filter((name) => name in all).map((name) => [name, all[name]]),
  );
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}

/** A section layout that adds the namespaces its forms and lists use to the browser's. */
export function sectionMessages(namespaces: readonly string[]) {
  return function SectionLayout({ children }: { children: ReactNode }) {
    return <ClientMessages namespaces={namespaces}>{children}</ClientMessages>;
  };
}
