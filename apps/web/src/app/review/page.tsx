import type { Metadata } from 'next';
import { api, requireUser } from '@/lib/api';
import { userLocale } from '@/lib/format';
import { IncidentReviewList } from './incident-review-list';
import { ReviewList } from './review-list';

export const metadata: Metadata = { title: 'Review queue' };

export default async function ReviewPage() {
  const user = await requireUser();
  if (user.role !== 'COORDINATOR' && user.role !== 'ADMIN')
    return <p className="alert">Only coordinators review entries.</p>;
  const [queue, incidents, locale] = await Promise.all([
    api.reviewQueue(),
    api.incidentReviewQueue(),
    userLocale(),
  ]);
  return (
    <>
      <h1>Review queue</h1>
      <p className="muted">
        Entries editors proposed, oldest first, each beside the validated status it would replace.
        Until you validate one, the overview and figures do not count it. Validate it, or send it
        back with a note saying what to change.
      </p>
      <ReviewList items={queue.items} csrfToken={user.csrfToken ?? ''} locale={locale} />
      {queue.truncated && <p className="muted">Only the oldest 200 are shown.</p>}
      <section aria-labelledby="incident-review-title" style={{ marginTop: '1.5rem' }}>
        <h2 id="incident-review-title">Incidents waiting for review</h2>
        <p className="muted">
          Incidents editors recorded or corrected for their organisation, oldest first. Until you
          validate one, no list or count shows it.
        </p>
        <IncidentReviewList
          items={incidents.items}
          csrfToken={user.csrfToken ?? ''}
          locale={locale}
        />
        {incidents.truncated && <p className="muted">Only the oldest 200 are shown.</p>}
      </section>
    </>
  );
}
