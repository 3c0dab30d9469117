import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/i18n/client-messages';
import { direction } from '@/i18n/locales';
import { ApiUnavailableError, currentUser, serviceAnswers } from '@/lib/api';
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

/**
 * The visitor, or "outage" when the API cannot say who they are (their session is kept). With
 * no session there is nobody to ask about, so the API is asked whether it answers at all:
 * during an outage a visitor signed out gets the outage page (503) too, not a sign-in form
 * that cannot work, or a page that sends them to it.
 */
async function visitor() {
  try {
    const user = await currentUser();
    if (!user) await serviceAnswers();
    return user;
  } catch (error) {
    if (error instanceof ApiUnavailableError) return 'outage' as const;
    throw error;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await visitor();
  const signedIn = (await cookies()).has('access_session');
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
          <main id="content">{user === 'outage' ? <Outage signedIn={signedIn} /> : children}</main>
        </ClientMessages>
      </body>
    </html>
  );
}
