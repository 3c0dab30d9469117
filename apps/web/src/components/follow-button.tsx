'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/**
 * Follow or stop following an area or an organisation, from its page. It reads its own
 * state from the API after the page loads, so the page itself stays as it was.
 */
export function FollowButton({
  targetType,
  targetId,
  csrfToken,
}: {
  targetType: 'AREA' | 'ORGANIZATION';
  targetId: string;
  csrfToken: string | null;
}) {
  const t = useTranslations('notifications');
  const [followId, setFollowId] = useState<string | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch(`/api/follows?targetType=${targetType}&targetId=${targetId}`)
      .then((response) => (response.ok ? response.json() : null))
      .then((body: { items: { id: string }[] } | null) => setFollowId(body?.items[0]?.id ?? null))
      .catch(() => setFollowId(null));
  }, [targetType, targetId]);
  async function toggle() {
    setFailed(false);
    const headers = { 'content-type': 'application/json', 'x-csrf-token': csrfToken ?? '' };
    const response = followId
      ? await fetch(`/api/follows/${followId}`, {
          method: 'DELETE',
          headers: { 'x-csrf-token': csrfToken ?? '' },
        })
      : await fetch('/api/follows', {
          method: 'POST',
          headers,
          body: JSON.stringify({ targetType, targetId }),
        });
    if (!response.ok) return setFailed(true);
    setFollowId(followId ? null : ((await response.json()) as { id: string }).id);
  }
  if (followId === undefined) return null;
  return (
    <p className="follow">
      <button type="button" aria-pressed={followId !== null} onClick={toggle}>
        {followId ? t('following') : t('follow')}
      </button>
      {followId && <span className="muted"> {t('followingHint')}</span>}
      {failed && <span role="alert"> {t('failed')}</span>}
    </p>
  );
}
