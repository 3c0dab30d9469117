'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { send } from '@/lib/client-api';
import { useErrorText } from '@/lib/error-text';

export function UserToggle({
  id,
  disabled,
  csrfToken,
}: {
  id: string;
  disabled: boolean;
  csrfToken: string;
}) {
  const t = useTranslations('adminForm');
  const { problemText } = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    const result = await send('PATCH', `/users/${id}`, csrfToken, { disabled: !disabled });
    if (result.ok) router.refresh();
    else setError(problemText(result.problem));
  }
  return (
    <>
      <button type="button" className={disabled ? 'secondary' : 'danger'} onClick={toggle}>
        {disabled ? t('enable') : t('disable')}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
