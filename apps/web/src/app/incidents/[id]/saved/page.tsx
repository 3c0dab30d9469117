import type { Metadata } from 'next';
import Link from 'next/link';
import type { SearchParams } from '@/lib/filters';
import { api, orNotFound, requireUser } from '@/lib/api';
import { userLocale } from '@/lib/format';
import { OccurredAt, incidentKind } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';

export const metadata: Metadata = { title: 'Incident saved' };

/** After an incident is recorded or corrected: what was saved, and what happens next. */
export default async function IncidentSavedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const versionId = (await searchParams).version;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  const [history, locale] = await Promise.all([
    orNotFound(api.incidentHistory(id, true)),
    userLocale(),
  ]);
  const version = history.items.find((item) => item.id === versionId) ?? history.items.at(-1)!;
  const heading =
    version.reviewState === 'SUBMITTED'
      ? 'Submitted for review'
      : version.reviewState === 'DRAFT'
        ? 'Saved as a draft'
        : version.reviewState === 'VALIDATED'
          ? 'Incident saved and validated'
          : 'Saved';
  return (
    <>
      <div className="confirmation panel" role="status">
        <h1>{heading}</h1>
        <p>
          {incidentKind(version)}, <OccurredAt version={version} locale={locale} /> in{' '}
          <strong>{version.area.name}</strong>, recorded for{' '}
          <strong>{version.organization.acronym ?? version.organization.name}</strong>.{' '}
          <ReviewBadge state={version.reviewState} />
        </p>
      </div>
      <h2>What happens next</h2>
      {version.reviewState === 'SUBMITTED' && (
        <p>
          It is a proposal for your organisation: a coordinator will review it. Until they validate
          it, no list, count or chart shows it to anyone else. If they send it back, it appears
          first in <Link href="/my-entries">My entries</Link> with their note, for you to correct
          and submit again.
        </p>
      )}
      {version.reviewState === 'DRAFT' && (
        <p>
          Nobody reviews a draft. When it is ready, open it from{' '}
          <Link href="/my-entries">My entries</Link> and save it as “Submitted for review”.
        </p>
      )}
      {version.reviewState === 'VALIDATED' && (
        <p>
          It is part of the validated record now: everyone cleared to {version.sensitivity} or
          higher sees it, in the incident list and in the counts.
        </p>
      )}
      <ul className="next-steps">
        <li>
          <Link href={`/incidents/${id}#v-${version.id}`}>Open the incident</Link>
        </li>
        <li>
          <Link href="/incidents/new">Record another incident</Link>
        </li>
        <li>
          <Link href="/incidents">All incidents</Link>
        </li>
        {user.role === 'EDITOR' && (
          <li>
            <Link href="/my-entries">My entries</Link>
          </li>
        )}
      </ul>
    </>
  );
}
