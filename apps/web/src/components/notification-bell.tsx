'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** Sent by the notification page's buttons, so the bell recounts at once. */
export const NOTIFICATIONS_CHANGED = 'access:notifications-changed';

/**
 * The header's bell: a link to /notifications whose text carries the unread count (a number,
 * not a colour), said in words to screen readers. It asks the API for the count on
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
  // the accessible name is the visible text plus words for the count ("Notifications 3
  // unread"), so what a voice-control user reads on screen names the link
  const unread = count ?? 0;
  return (
    <Link
      href="/notifications"
      className="bell"
      aria-current={pathname === '/notifications' ? 'page' : undefined}
    >
      {t('bell')}
      {unread > 0 && (
        <>
          {' '}
          <span className="bell-count">{unread}</span>{' '}
        </>
      )}
      <span className="visually-hidden">{t('bellUnread', { count: unread })}</span>
    </Link>
  );
}
