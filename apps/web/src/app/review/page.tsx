import type { Metadata } from 'next';
import { api, requireUser } from '@/lib/api';
import { userLocale } from '@/lib/format';
import { ReviewList } from './review-list';

export const metadata: Metadata = { title: 'Review queue' };

export default async function ReviewPage() {
  const user = await requireUser();
  if (user.role !== 'COORDINATOR' && user.role !== 'ADMIN')
    return <p className="alert">Only coordinators review entries.</p>;
  const [queue, locale] = await Promise.all([api.reviewQueue(), userLocale()]);
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
    </>
  );
}
