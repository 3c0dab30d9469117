import type { Metadata } from 'next';
import Link from 'next/link';
import { getRequestText } from '@/lib/request-text-server';
import { api, orNotFound, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { PositionForm } from '@/components/requests/position-form';
import { StanceBadge } from '@/components/requests/stance-badge';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getRequestText())('form.answerTitle') };
}

/** Record a party's answer on a request (its position: asked, granted, refused, …). */
export default async function RecordAnswerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const { partyId } = await searchParams;
  const user = await requireUser(`/requests/${encodeURIComponent(id)}/answer`);
  const t = await getRequestText();
  if (user.role === 'VIEWER') return <p className="alert">{t('form.cannotRecord')}</p>;
  const [detail, locale] = await Promise.all([orNotFound(api.accessRequest(id)), userLocale()]);
  const { request } = detail;
  return (
    <>
      <p className="muted">
        <Link href="/requests">{t('board.heading')}</Link> ·{' '}
        <Link href={`/requests/${id}`}>
          {t('requestTitle', { kind: t(`kind.${request.kind}`), area: request.area.name })}
        </Link>
      </p>
      <h1>{t('form.answerTitle')}</h1>
      <p className="muted">
        {t('form.answerIntro', {
          organization: request.organization.acronym ?? request.organization.name,
          date: formatDate(request.requestedOn, locale),
        })}{' '}
        {user.role === 'EDITOR' ? t('form.editorProposal') : t('form.coordinatorValidated')}
      </p>
      <ul className="muted small">
        {detail.consents.map((consent) => (
          <li key={consent.party.id}>
            <bdi>{consent.party.name}</bdi>: <StanceBadge stance={consent.stance} />
            {consent.since ? ` (${formatDate(consent.since, locale)})` : ''}
          </li>
        ))}
      </ul>
      <div className="panel">
        <PositionForm
          requestId={id}
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          parties={request.neededParties.map((party) => ({ id: party.id, name: party.name }))}
          partyId={typeof partyId === 'string' ? partyId : undefined}
          sensitivity={request.sensitivity}
        />
      </div>
    </>
  );
}
