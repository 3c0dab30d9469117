import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusBadge } from '@/components/charts/status-patterns';
import { ReviewBadge } from '@/components/review-badge';
import { api, orNotFound, requireUser } from '@/lib/api';
import { formatDate, userLocale } from '@/lib/format';

export const metadata: Metadata = { title: 'Saved' };

/** After a status is recorded or corrected: what was saved, and what happens next. */
export default async function SavedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/entries/${encodeURIComponent(id)}/saved`);
  const [version, locale] = await Promise.all([orNotFound(api.status(id)), userLocale()]);
  const today = new Date().toISOString().slice(0, 10);
  const pair = `organizationId=${version.organization.id}&areaId=${version.area.id}`;
  const heading =
    version.reviewState === 'SUBMITTED'
      ? 'Submitted for review'
      : version.reviewState === 'DRAFT'
        ? 'Saved as a draft'
        : version.reviewState === 'VALIDATED'
          ? 'Saved and validated'
          : 'Saved';
  return (
    <>
      <div className="confirmation panel" role="status">
        <h1>{heading}</h1>
        <p>
          <strong>{version.organization.acronym ?? version.organization.name}</strong> in{' '}
          <strong>{version.area.name}</strong>: <StatusBadge status={version.status} /> from{' '}
          <time dateTime={version.validFrom}>{formatDate(version.validFrom, locale)}</time>
          {version.validTo && (
            <>
              {' '}
              until <time dateTime={version.validTo}>{formatDate(version.validTo, locale)}</time>
            </>
          )}
          . <ReviewBadge state={version.reviewState} />
        </p>
      </div>
      <h2>What happens next</h2>
      {version.reviewState === 'SUBMITTED' && (
        <p>
          A coordinator will review it. Until they validate it, it is a proposal: the overview and
          the figures keep showing the validated status. If they send it back, it appears first in{' '}
          <Link href="/my-entries">My entries</Link> with their note, for you to correct and submit
          again.
        </p>
      )}
      {version.reviewState === 'DRAFT' && (
        <p>
          Nobody reviews a draft. When it is ready, open it from{' '}
          <Link href="/my-entries">My entries</Link> and submit it for review.
        </p>
      )}
      {version.reviewState === 'VALIDATED' && (
        <p>It is part of the validated picture now: everyone cleared for it sees it.</p>
      )}
      {version.validFrom > today && (
        <p className="notice">
          <span aria-hidden="true">⚠ </span>It starts in the future, on{' '}
          {formatDate(version.validFrom, locale)}: until then the status before it holds.
        </p>
      )}
      <ul className="next-steps">
        {user.role === 'EDITOR' && (
          <li>
            <Link href="/my-entries">My entries</Link>
          </li>
        )}
        <li>
          <Link href={`/entries/new?${pair}`}>Record another change here</Link>
        </li>
        <li>
          <Link href="/entries/new">Record a change elsewhere</Link>
        </li>
        <li>
          <Link href={`/history?${pair}#v-${version.id}`}>
            History of {version.organization.acronym ?? version.organization.name} in{' '}
            {version.area.name}
          </Link>
        </li>
      </ul>
    </>
  );
}
