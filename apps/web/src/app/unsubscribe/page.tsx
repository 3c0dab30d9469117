import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { UnsubscribeForm } from './unsubscribe-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications'))('unsubscribeTitle') };
}

/**
 * Where an e-mail's unsubscribe link leads: works signed out (the token is signed for its
 * user). A button, not the visit itself, turns e-mail off, so a mail scanner following the
 * link changes nothing.
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations('notifications');
  const { token } = await searchParams;
  return (
    <>
      <h1>{t('unsubscribeTitle')}</h1>
      {typeof token === 'string' && token ? (
        <UnsubscribeForm token={token} />
      ) : (
        <p>{t('unsubscribeFailed')}</p>
      )}
    </>
  );
}
