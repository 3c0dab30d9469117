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
        Entries editors submitted, oldest first. Validate them, or send them back with a reason.
      </p>
      {queue.items.length === 0 ? (
        <p className="empty">Nothing waits for review.</p>
      ) : (
        <ReviewList items={queue.items} csrfToken={user.csrfToken ?? ''} locale={locale} />
      )}
    </>
  );
}
