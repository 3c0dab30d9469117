'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** Sent by the notification page's buttons, so the bell recounts at once. */
export const NOTIFICATIONS_CHANGED = 'access:notifications-changed';

/**
 * The header's bell: a link to /notifications whose text carries the unread count (not a
 * colour), and whose accessible name says it in words. It asks the API for the count on
 * each page, every minute, and when a notification is marked read.
 */
export function NotificationBell() {
  const t = useTranslations('notifications');
  const pathname = usePathname();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      fetch('/api/notifications/unread-count')
        .then((response) => (response.ok ? response.json() : null))
        .then((body: { unreadCount: number } | null) => {
          if (alive && body) setCount(body.unreadCount);
        })
        .catch(() => {});
    void load();
    const timer = setInterval(load, 60_000);
    window.addEventListener(NOTIFICATIONS_CHANGED, load);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, load);
    };
  }, [pathname]);
  return (
    <Link
      href="/notifications"
      className="bell"
      aria-label={t('bellLabel', { count: count ?? 0 })}
      aria-current={pathname === '/notifications' ? 'page' : undefined}
    >
      <span aria-hidden="true">{t('bell')}</span>
      {count !== null && count > 0 && (
        <span className="bell-count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}
