'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import {
  versionEtag,
  type TConsentPositionVersion,
  type TRequestReviewQueue,
} from '@access/contracts';
import { formatDate } from '@/lib/format';
import { useRequestText } from '@/lib/request-text';
import { ConditionList, RequestFacts, SourceList } from '@/components/requests/request-facts';
import {
  DecisionActions,
  DecisionConfirmations,
  type Decision,
  useReviewDecisions,
} from './review-decisions';

type Item = TRequestReviewQueue['items'][number];

/** What one version of a party's position says, briefly. */
function PositionSide({ position, locale }: { position: TConsentPositionVersion; locale: string }) {
  const t = useTranslations('requestReview');
  const tq = useRequestText();
  return (
    <>
      <p style={{ margin: '0 0 .3rem' }}>
        <strong>{tq(`stance.${position.stance}`)}</strong>{' '}
        {t.rich('statedOn', {
          date: formatDate(position.statedOn, locale),
          day: (chunks) => <time dateTime={position.statedOn}>{chunks}</time>,
        })}
      </p>
      {position.reason && (
        <p className="prewrap meta-line" dir="auto">
          {position.reason}
        </p>
      )}
      <ConditionList conditions={position.conditions} />
      <div className="meta-line">
        <SourceList sources={position.sources} locale={locale} />
      </div>
      {position.correctionNote && (
        <div className="meta-line">{t('correctionNote', { note: position.correctionNote })}</div>
      )}
    </>
  );
}

/**
 * Proposals of requests and of parties' answers waiting for a coordinator, as the status and
 * incident lists show theirs: each beside the validated version it would replace, with the
 * request it concerns; validate it, or send it back with a note.
 */
export function RequestReviewList({
  items,
  csrfToken,
  locale,
}: {
  items: Item[];
  csrfToken: string;
  locale: string;
}) {
  const t = useTranslations('requestReview');
  const tr = useTranslations('reviewList');
  const tq = useRequestText();
  const decisions = useReviewDecisions(csrfToken);

  const proposalOf = (item: Item) => item.position ?? item.request;
  const whatOf = (item: Item) => {
    const request = {
      organization: item.request.organization.acronym ?? item.request.organization.name,
      kind: tq(`kind.${item.request.kind}`),
      area: item.request.area.name,
    };
    return item.position
      ? t('whatPosition', { party: item.position.party.name, ...request })
      : t('whatRequest', request);
  };

  function decide(item: Item, decision: Decision) {
    const proposal = proposalOf(item);
    const what = whatOf(item);
    return decisions.decide({
      id: proposal.id,
      noteId: `request-note-${proposal.id}`,
      path: item.position
        ? `/access-requests/positions/versions/${proposal.id}`
        : `/access-requests/versions/${proposal.id}`,
      etag: versionEtag(proposal),
      decision,
      noteNeeded: t('noteNeeded'),
      done: (made) =>
        made === 'validation'
          ? t('validatedDone', { what })
          : t('sentBackDone', { name: proposal.recordedBy.displayName, what }),
    });
  }

  return (
    <>
      <DecisionConfirmations state={decisions} label={t('decisions')} />
      {items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="entry-cards" aria-label={t('listLabel')}>
          {items.map((item) => {
            const proposal = proposalOf(item);
            const where = whatOf(item);
            const isCorrection = Boolean(proposal.targetId);
            return (
              <li key={proposal.id} className="entry-card" data-request-proposal={proposal.id}>
                <h3>{where}</h3>
                <p className="meta-line" style={{ margin: '0 0 .4rem' }}>
                  <strong>
                    {isCorrection
                      ? tr('correction')
                      : item.position
                        ? t('newPosition')
                        : t('newRequest')}
                  </strong>{' '}
                  {tr('by', { name: proposal.recordedBy.displayName })} ·{' '}
                  {item.waitingDays === 0
                    ? tr('waitingToday')
                    : tr('waitingDays', { count: item.waitingDays })}
                </p>
                <div className="compare">
                  {item.position
                    ? item.currentPosition && (
                        <section aria-label={tr('nowLabel', { where })}>
                          <h4>{tr('now')}</h4>
                          <PositionSide position={item.currentPosition} locale={locale} />
                        </section>
                      )
                    : item.current && (
                        <section aria-label={tr('nowLabel', { where })}>
                          <h4>{tr('now')}</h4>
                          <RequestFacts
                            request={item.current}
                            locale={locale}
                            linkedStatus={null}
                          />
                        </section>
                      )}
                  <section className="proposed" aria-label={tr('proposedLabel', { where })}>
                    <h4>
                      <span className="flow" aria-hidden="true">
                        →{' '}
                      </span>
                      {tr('proposed')}
                    </h4>
                    {item.position ? (
                      <PositionSide position={item.position} locale={locale} />
                    ) : (
                      <RequestFacts request={item.request} locale={locale} linkedStatus={null} />
                    )}
                  </section>
                </div>
                <DecisionActions
                  state={decisions}
                  id={proposal.id}
                  noteId={`request-note-${proposal.id}`}
                  where={where}
                  onDecide={(decision) => decide(item, decision)}
                />
                <p className="meta-line" style={{ margin: '.4rem 0 0' }}>
                  <Link href={`/requests/${item.request.requestId}`}>{t('history')}</Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
