'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ReadyFieldset } from '../../../components/ready-fieldset';

const MODES = ['OFF', 'IMMEDIATE', 'DAILY'] as const;

/** The e-mail choice: off, one e-mail per change, or a daily digest. */
export function EmailModeForm({
  emailMode,
  csrfToken,
}: {
  emailMode: (typeof MODES)[number];
  csrfToken: string | null;
}) {
  const t = useTranslations('notifications');
  const [chosen, setChosen] = useState(emailMode);
  const [state, setState] = useState<'idle' | 'saved' | 'failed'>('idle');
  async function save(event: React.FormEvent) {
    event.preventDefault();
    const response = await fetch('/api/notifications/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken ?? '' },
      body: JSON.stringify({ emailMode: chosen }),
    });
    setState(response.ok ? 'saved' : 'failed');
  }
  return (
    <form onSubmit={save}>
      <ReadyFieldset>
        <fieldset>
          <legend>{t('emailLegend')}</legend>
          {MODES.map((mode) => (
            <label key={mode} className="choice">
              <input
                type="radio"
                name="emailMode"
                value={mode}
                checked={chosen === mode}
                onChange={() => setChosen(mode)}
              />{' '}
              {t(`emailMode.${mode}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('save')}</button>
        <span role="status">{state === 'saved' ? ` ${t('saved')}` : ''}</span>
        {state === 'failed' && <span role="alert"> {t('failed')}</span>}
      </ReadyFieldset>
    </form>
  );
}

/** Stops one follow. */
export function UnfollowButton({ id, csrfToken }: { id: string; csrfToken: string | null }) {
  const t = useTranslations('notifications');
  const router = useRouter();
  const [failed, setFailed] = useState(false);
  async function stop() {
    const response = await fetch(`/api/follows/${id}`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': csrfToken ?? '' },
    });
    setFailed(!response.ok);
    if (response.ok) router.refresh();
  }
  return (
    <>
      <button type="button" onClick={stop}>
        {t('unfollow')}
      </button>
      {failed && <span role="alert"> {t('failed')}</span>}
    </>
  );
}
