import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/client-messages';
import { direction } from '@/i18n/locales';
import { ApiUnavailableError, currentUser } from '@/lib/api';
import { answerServiceUnavailable } from '@/lib/service-unavailable';
import { Outage } from '@/components/outage';
import { SiteHeader } from '@/components/site-header';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('layout');
  return {
    title: { default: t('title'), template: t('titleTemplate', { page: '%s' }) },
    description: t('description'),
  };
}

/** The visitor, or "outage" when the API cannot say who they are (their session is kept). */
async function visitor() {
  try {
    return await currentUser();
  } catch (error) {
    if (error instanceof ApiUnavailableError) return 'outage' as const;
    throw error;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await visitor();
  // decided before anything is streamed: the answer is still 200 and can become 503
  if (user === 'outage') await answerServiceUnavailable();
  const locale = await getLocale();
  const t = await getTranslations('layout');
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        <ClientMessages namespaces={[]}>
          <a className="skip-link" href="#content">
            {t('skipToContent')}
          </a>
          <SiteHeader user={user === 'outage' ? null : user} />
          <main id="content">{user === 'outage' ? <Outage /> : children}</main>
        </ClientMessages>
      </body>
    </html>
  );
}
