import type { Metadata } from 'next';
import Link from 'next/link';
import { api, orNotFound, requireUser } from '@/lib/api';
import { versionEtag } from '@access/contracts';
import { StatusForm } from '@/components/status-form';

export const metadata: Metadata = { title: 'Correct an entry' };

export default async function CorrectEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const version = await orNotFound(api.status(id));
  const [parties] = await Promise.all([api.parties()]);
  return (
    <>
      <h1>
        {version.reviewState === 'RETURNED'
          ? 'Correct and resubmit'
          : version.reviewState === 'DRAFT'
            ? 'Finish the draft'
            : 'Correct the entry'}{' '}
        of {version.organization.name} in {version.area.name}
      </h1>
      <p className="muted">
        The correction supersedes this version; both stay in the{' '}
        <Link href={`/history?organizationId=${version.organization.id}&areaId=${version.area.id}`}>
          history
        </Link>
        . It may move the period to other days, but not onto a day on which another status of this
        organisation here starts.
      </p>
      {version.reviewState === 'RETURNED' && (
        <div className="alert">
          <strong>A coordinator sent this entry back</strong>
          {version.reviewNote ? <> with this note: “{version.reviewNote}”</> : null}. Change what
          they ask, then save it as “Submitted for review” to send it again.
        </div>
      )}
      {version.supersededById && (
        <p className="notice">
          This version was already superseded:{' '}
          <Link href={`/entries/${version.supersededById}/correct`}>
            correct its latest version
          </Link>{' '}
          instead.
        </p>
      )}
      <div className="panel">
        <StatusForm
          mode="correct"
          versionId={version.id}
          etag={versionEtag(version)}
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={[{ id: version.organization.id, name: version.organization.name }]}
          areas={[{ id: version.area.id, name: version.area.name }]}
          parties={parties.items.map((party) => ({ id: party.id, name: party.name }))}
          initial={{
            organizationId: version.organization.id,
            areaId: version.area.id,
            status: version.status,
            validFrom: version.validFrom,
            validTo: version.validTo ?? '',
            // the status's own reason stays; what the correction fixes goes in its own note
            reason: version.reason,
            // resubmitting a proposal keeps its note; a new correction starts with none
            correctionNote: version.proposal ? (version.correctionNote ?? '') : '',
            constraintCategories: version.constraintCategories,
            severity: version.severity === null ? '' : String(version.severity),
            sensitivity: version.sensitivity,
            terms: version.terms.map((term) => ({
              type: term.type,
              grantingPartyId: term.grantingParty?.id ?? '',
              legalReference: term.legalReference ?? '',
              note: term.note ?? '',
            })),
            sources: version.sources.map((source) => ({
              title: source.title,
              publisher: source.publisher ?? '',
              url: source.url ?? '',
              publishedOn: source.publishedOn ?? '',
            })),
          }}
        />
      </div>
    </>
  );
}
