import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireUser } from '@/lib/api';
import { ImportForm } from './import-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('importPage'))('title') };
}

export default async function ImportPage() {
  const user = await requireUser();
  const t = await getTranslations('importPage');
  if (user.role === 'VIEWER') return <p className="alert">{t('viewer')}</p>;
  return (
    <>
      <h1>{t('heading')}</h1>
      <div className="panel">
        <p>
          {t.rich('intro', {
            strong: (chunks) => <strong>{chunks}</strong>,
            code: (chunks) => <code>{chunks}</code>,
          })}
          {user.role === 'EDITOR' && ` ${t('editorOnly')}`}
        </p>
        <p className="muted">{t('how')}</p>
        <ImportForm csrfToken={user.csrfToken ?? ''} />
      </div>
    </>
  );
}
