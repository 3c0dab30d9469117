'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { NOTIFICATIONS_CHANGED } from '@/components/notification-bell';

/** "Mark as read" for one notification (id) or all (no id). */
export function MarkReadButton({ id, csrfToken }: { id?: string; csrfToken: string | null }) {
  const t = useTranslations('notifications');
  const router = useRouter();
  const [failed, setFailed] = useState(false);
  async function mark() {
    const response = await fetch(id ? `/api/notifications/${id}/read` : '/api/notifications/read', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken ?? '' },
    });
    setFailed(!response.ok);
    if (response.ok) {
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
      router.refresh();
    }
  }
  return (
    <>
      <button type="button" onClick={mark}>
        {id ? t('markRead') : t('markAllRead')}
      </button>
      {failed && <span role="alert"> {t('failed')}</span>}
    </>
  );
}
