import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import { formatDateTime, userLocale } from '@/lib/format';
import { MarkReadButton } from './notification-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications'))('title') };
}

/** The reader's notifications, newest first: each links to its record and can be marked read. */
export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser('/notifications');
  const t = await getTranslations('notifications');
  const locale = await userLocale();
  const { cursor } = await searchParams;
  const query = new URLSearchParams({ limit: '50' });
  if (typeof cursor === 'string') query.set('cursor', cursor);
  const page = await api.notifications(query);
  return (
    <>
      <h1>{t('title')}</h1>
      <p>
        {t('unreadSummary', { count: page.unreadCount })}{' '}
        {page.unreadCount > 0 && <MarkReadButton csrfToken={user.csrfToken} />}{' '}
        <Link href="/settings/notifications">{t('settingsLink')}</Link>
      </p>
      {page.items.length === 0 ? (
        <p className="empty">{cursor ? t('noMore') : t('empty')}</p>
      ) : (
        <ol className="notifications">
          {page.items.map((item) => (
            <li key={item.id} className={item.readAt ? 'read' : 'unread'}>
              {!item.readAt && <strong className="tag">{t('unread')}</strong>}{' '}
              {item.deteriorated && <strong className="tag">{t('deteriorated')}</strong>}{' '}
              {item.reason === 'OWN_ENTRY' && <span className="tag">{t('own')}</span>}{' '}
              <Link href={item.link}>{item.title}</Link>{' '}
              <time className="muted" dateTime={item.occurredAt}>
                {formatDateTime(item.occurredAt, locale)}
              </time>{' '}
              {!item.readAt && <MarkReadButton id={item.id} csrfToken={user.csrfToken} />}
            </li>
          ))}
        </ol>
      )}
      {page.nextCursor && (
        <p>
          <Link href={`/notifications?cursor=${encodeURIComponent(page.nextCursor)}`}>
            {t('older')}
          </Link>
        </p>
      )}
    </>
  );
}
