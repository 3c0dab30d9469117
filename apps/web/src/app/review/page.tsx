import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import { userLocale } from '@/lib/format';
import { IncidentReviewList } from './incident-review-list';
import { RequestReviewList } from './request-review-list';
import { ReviewList } from './review-list';
import { NotPermitted } from '@/components/not-permitted';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reviewPage'))('title') };
}

export default async function ReviewPage() {
  const user = await requireUser();
  const t = await getTranslations('reviewPage');
  if (user.role !== 'COORDINATOR' && user.role !== 'ADMIN')
    return <NotPermitted title={t('title')} message={t('onlyCoordinators')} />;
  const [queue, incidents, requests, locale] = await Promise.all([
    api.reviewQueue(),
    api.incidentReviewQueue(),
    api.requestReviewQueue(),
    userLocale(),
  ]);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <ReviewList items={queue.items} csrfToken={user.csrfToken ?? ''} locale={locale} />
      {queue.truncated && <p className="muted">{t('truncated')}</p>}
      <section aria-labelledby="incident-review-title" style={{ marginTop: '1.5rem' }}>
        <h2 id="incident-review-title">{t('incidentsTitle')}</h2>
        <p className="muted">{t('incidentsIntro')}</p>
        <IncidentReviewList
          items={incidents.items}
          csrfToken={user.csrfToken ?? ''}
          locale={locale}
        />
        {incidents.truncated && <p className="muted">{t('truncated')}</p>}
      </section>
      <section aria-labelledby="request-review-title" style={{ marginTop: '1.5rem' }}>
        <h2 id="request-review-title">{t('requestsTitle')}</h2>
        <p className="muted">{t('requestsIntro')}</p>
        <RequestReviewList
          items={requests.items}
          csrfToken={user.csrfToken ?? ''}
          locale={locale}
        />
        {requests.truncated && <p className="muted">{t('truncated')}</p>}
      </section>
    </>
  );
}
