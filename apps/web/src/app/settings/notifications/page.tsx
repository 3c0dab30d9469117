import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import { EmailModeForm, UnfollowButton } from './settings-forms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications'))('settingsTitle') };
}

const HREF = { AREA: '/areas/', ORGANIZATION: '/organizations/' } as Record<string, string>;

/** What the reader follows, and how they are e-mailed. */
export default async function NotificationSettingsPage() {
  const user = await requireUser('/settings/notifications');
  const t = await getTranslations('notifications');
  const [settings, follows] = await Promise.all([api.notificationSettings(), api.follows()]);
  return (
    <>
      <h1>{t('settingsTitle')}</h1>
      <section className="panel" aria-labelledby="email">
        <h2 id="email">{t('emailLegend')}</h2>
        {!settings.emailAvailable && <p className="muted">{t('emailUnavailable')}</p>}
        <EmailModeForm emailMode={settings.emailMode} csrfToken={user.csrfToken} />
      </section>
      <section className="panel" aria-labelledby="follows">
        <h2 id="follows">{t('follows')}</h2>
        <p className="muted">{t('followsHint')}</p>
        {follows.items.length === 0 ? (
          <p className="empty">{t('noFollows')}</p>
        ) : (
          <ul>
            {follows.items.map((follow) => (
              <li key={follow.id}>
                {t(`targetType.${follow.targetType}`)}:{' '}
                {HREF[follow.targetType] ? (
                  <Link href={`${HREF[follow.targetType]}${follow.targetId}`}>
                    {follow.targetName ?? follow.targetId}
                  </Link>
                ) : (
                  (follow.targetName ?? follow.targetId)
                )}{' '}
                <span className="muted">
                  ({follow.kinds.map((kind) => t(`kind.${kind}`)).join(', ')})
                </span>{' '}
                <UnfollowButton id={follow.id} csrfToken={user.csrfToken} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
