'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import {
  versionEtag,
  type TIncidentVersion,
  type ZIncidentReviewQueueItem,
} from '@access/contracts';
import { incidentLabels } from '@/lib/incident-text';
import {
  DecisionActions,
  DecisionConfirmations,
  type Decision,
  useReviewDecisions,
} from './review-decisions';

type Item = z.infer<typeof ZIncidentReviewQueueItem>;

/** One side of the comparison: what an incident version says, briefly. */
function IncidentSide({
  version,
  date,
}: {
  version: TIncidentVersion;
  date: (iso: string) => string;
}) {
  const t = useTranslations('incidentReview');
  const tc = useTranslations('codes');
  const labels = incidentLabels(tc);
  return (
    <>
      <p style={{ margin: '0 0 .3rem' }}>
        <strong>
          {version.category}. {labels.subType(version.category, version.subType)}
        </strong>{' '}
        {t.rich(version.occurredTime ? 'onAt' : 'on', {
          date: date(version.occurredOn),
          time: version.occurredTime ?? '',
          area: version.area.name,
          day: (chunks) => <time dateTime={version.occurredOn}>{chunks}</time>,
        })}
      </p>
      <p className="meta-line" style={{ margin: '0 0 .3rem' }}>
        {labels.category(version.category)}
      </p>
      <p style={{ margin: '0 0 .3rem' }} className="prewrap">
        {version.description}
      </p>
      <div className="meta-line">
        {t('facts', {
          impact: version.impacts.map(labels.impact).join('; ') || t('noneRecorded'),
          people: version.peopleAffected ?? t('notKnown'),
          sensitivity: tc(`sensitivity.${version.sensitivity}`),
        })}
      </div>
      {version.correctionNote && (
        <div className="meta-line">{t('correctionNote', { note: version.correctionNote })}</div>
      )}
    </>
  );
}

/**
 * Incident proposals waiting for a coordinator, as the status review list shows statuses:
 * each beside the validated version it would replace; validate it, or send it back with a
 * note. Each decision is confirmed at the top of the list.
 */
export function IncidentReviewList({
  items,
  csrfToken,
  locale,
}: {
  items: Item[];
  csrfToken: string;
  locale: string;
}) {
  const t = useTranslations('incidentReview');
  const tr = useTranslations('reviewList');
  const labels = incidentLabels(useTranslations('codes'));
  const decisions = useReviewDecisions(csrfToken);
  const formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const date = (iso: string) => formatter.format(new Date(`${iso}T00:00:00Z`));

  function decide(item: Item, decision: Decision) {
    const what = t('what', {
      organization: item.organization.acronym ?? item.organization.name,
      date: date(item.occurredOn),
      area: item.area.name,
    });
    return decisions.decide({
      id: item.id,
      noteId: `incident-note-${item.id}`,
      path: `/incidents/versions/${item.id}`,
      etag: versionEtag(item),
      decision,
      noteNeeded: t('noteNeeded'),
      done: (made) =>
        made === 'validation'
          ? t('validatedDone', { what })
          : t('sentBackDone', { name: item.recordedBy.displayName, what }),
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
            const who = item.organization.acronym ?? item.organization.name;
            const where = t('what', {
              organization: who,
              date: date(item.occurredOn),
              area: item.area.name,
            });
            return (
              <li key={item.id} className="entry-card" data-incident-version={item.id}>
                <h3>
                  {t('heading', {
                    organization: who,
                    what: labels.subType(item.category, item.subType),
                    area: item.area.name,
                  })}
                </h3>
                <p className="meta-line" style={{ margin: '0 0 .4rem' }}>
                  <strong>
                    {item.kind === 'CORRECTION' ? tr('correction') : t('newIncident')}
                  </strong>{' '}
                  {tr('by', { name: item.recordedBy.displayName })} ·{' '}
                  {item.waitingDays === 0
                    ? tr('waitingToday')
                    : tr('waitingDays', { count: item.waitingDays })}
                </p>
                <div className="compare">
                  {item.current && (
                    <section aria-label={tr('nowLabel', { where })}>
                      <h4>{tr('now')}</h4>
                      <IncidentSide version={item.current} date={date} />
                    </section>
                  )}
                  <section className="proposed" aria-label={tr('proposedLabel', { where })}>
                    <h4>
                      <span className="flow" aria-hidden="true">
                        →{' '}
                      </span>
                      {tr('proposed')}
                    </h4>
                    <IncidentSide version={item} date={date} />
                  </section>
                </div>
                <DecisionActions
                  state={decisions}
                  id={item.id}
                  noteId={`incident-note-${item.id}`}
                  where={where}
                  onDecide={(decision) => decide(item, decision)}
                />
                <p className="meta-line" style={{ margin: '.4rem 0 0' }}>
                  <Link href={`/incidents/${item.incidentId}`}>{t('history')}</Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
