import type { Metadata } from 'next';
import Link from 'next/link';
import { versionEtag } from '@access/contracts';
import type { SearchParams } from '@/lib/filters';
import { api, orNotFound, requireUser } from '@/lib/api';
import { IncidentForm } from '@/components/incident-form';

export const metadata: Metadata = { title: 'Correct an incident' };

/** Correct an incident's version (or resubmit a returned proposal): the form, filled in with it. */
export default async function CorrectIncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const versionId = (await searchParams).version;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  if (user.role === 'VIEWER')
    return <p className="alert">Your role can read incidents but not correct them.</p>;
  const history = await orNotFound(api.incidentHistory(id, true));
  const version =
    history.items.find((item) => item.id === versionId) ??
    history.items.findLast((item) => !item.proposal && !item.supersededById) ??
    history.items.at(-1)!;
  return (
    <>
      <h1>
        {version.reviewState === 'RETURNED'
          ? 'Correct and resubmit the incident'
          : version.reviewState === 'DRAFT'
            ? 'Finish the draft incident'
            : 'Correct the incident'}
      </h1>
      <p className="muted">
        The correction replaces this version; both stay in the{' '}
        <Link href={`/incidents/${id}`}>incident&apos;s history</Link>.
      </p>
      {version.reviewState === 'RETURNED' && (
        <div className="alert">
          <strong>A coordinator sent this back</strong>
          {version.reviewNote ? <> with this note: “{version.reviewNote}”</> : null}. Change what
          they ask, then save it as “Submitted for review” to send it again.
        </div>
      )}
      {version.supersededById && (
        <p className="notice">
          This version was already replaced:{' '}
          <Link href={`/incidents/${id}`}>open the incident</Link> and correct its latest version.
        </p>
      )}
      <div className="panel">
        <IncidentForm
          mode="correct"
          versionId={version.id}
          etag={versionEtag(version)}
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={[{ id: version.organization.id, label: version.organization.name }]}
          initial={{
            organizationId: version.organization.id,
            occurredOn: version.occurredOn,
            occurredTime: version.occurredTime ?? '',
            area: {
              id: version.area.id,
              label: version.area.pcode
                ? `${version.area.name} (${version.area.pcode})`
                : version.area.name,
            },
            category: String(version.category),
            subType: version.subType,
            impacts: version.impacts,
            sectors: version.sectors,
            affectedOrganizations: version.affectedOrganizations.map((organization) => ({
              id: organization.id,
              label: organization.acronym
                ? `${organization.acronym} — ${organization.name}`
                : organization.name,
            })),
            affectedOrganizationTypes: version.affectedOrganizationTypes,
            peopleAffected: version.peopleAffected === null ? '' : String(version.peopleAffected),
            perpetrator: version.perpetrator ?? '',
            description: version.description,
            correctionNote: version.proposal ? (version.correctionNote ?? '') : '',
            sources: version.sources.map((source) => ({
              title: source.title,
              publisher: source.publisher ?? '',
              url: source.url ?? '',
              publishedOn: source.publishedOn ?? '',
            })),
            sensitivity: version.sensitivity,
            reviewState: user.role === 'EDITOR' ? 'SUBMITTED' : '',
          }}
        />
      </div>
    </>
  );
}
