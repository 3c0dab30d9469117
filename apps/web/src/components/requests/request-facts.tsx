import Link from 'next/link';
import { useRequestText } from '@/lib/request-text';
import {
  TERM_TYPE_LABELS,
  type TAccessRequestVersion,
  type TConsentPositionVersion,
} from '@access/contracts';

type TAccessSource = TAccessRequestVersion['sources'][number];
type TAccessTerm = TConsentPositionVersion['conditions'][number];
import { formatDate } from '@/lib/format';
import styles from './requests.module.css';

/** The sources a record cites: title, publisher, date, and a link when there is one. */
export function SourceList({ sources, locale }: { sources: TAccessSource[]; locale: string }) {
  const t = useRequestText();
  if (sources.length === 0) return <span className="muted">{t('facts.noSources')}</span>;
  return (
    <ul className={styles.plainList}>
      {sources.map((source, index) => (
        <li key={index}>
          {source.url ? (
            <a href={source.url} rel="noreferrer noopener">
              {source.title}
            </a>
          ) : (
            <cite>{source.title}</cite>
          )}
          {source.publisher ? ` — ${source.publisher}` : ''}
          {source.publishedOn ? `, ${formatDate(source.publishedOn, locale)}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** The terms of a consent granted with conditions. */
export function ConditionList({ conditions }: { conditions: TAccessTerm[] }) {
  if (conditions.length === 0) return null;
  return (
    <ul className={styles.plainList}>
      {conditions.map((term, index) => (
        <li key={index}>
          <strong>{TERM_TYPE_LABELS[term.type]}</strong>
          {term.grantingParty ? ` (${term.grantingParty.name})` : ''}
          {term.legalReference ? ` · ${term.legalReference}` : ''}
          {term.note ? `: ${term.note}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Everything one version of a request says, as a list of facts (one column on a phone). */
export function RequestFacts({
  request,
  locale,
  linkedStatus,
}: {
  request: TAccessRequestVersion;
  locale: string;
  linkedStatus: { label: string; href: string } | null;
}) {
  const t = useRequestText();
  return (
    <dl className="facts">
      <dt>{t('facts.organization')}</dt>
      <dd>
        {request.organization.name}
        {request.otherOrganizations.length > 0 &&
          ` ${t('facts.jointly', { organizations: request.otherOrganizations.map((o) => o.acronym ?? o.name).join(', ') })}`}
      </dd>
      <dt>{t('facts.kind')}</dt>
      <dd>{t(`kind.${request.kind}`)}</dd>
      <dt>{t('facts.area')}</dt>
      <dd>
        <Link href={`/areas/${request.area.id}`}>{request.area.name}</Link>
        {request.area.pcode ? ` (${request.area.pcode})` : ''}
      </dd>
      <dt>{t('facts.requestedOn')}</dt>
      <dd>
        <time dateTime={request.requestedOn}>{formatDate(request.requestedOn, locale)}</time>
      </dd>
      <dt>{t('facts.period')}</dt>
      <dd>
        {request.periodFrom || request.periodTo
          ? t('facts.periodValue', {
              from: request.periodFrom ? formatDate(request.periodFrom, locale) : '…',
              to: request.periodTo ? formatDate(request.periodTo, locale) : '…',
            })
          : t('facts.periodNone')}
      </dd>
      <dt>{t('facts.purpose')}</dt>
      <dd>{request.purpose}</dd>
      <dt>{t('facts.parties')}</dt>
      <dd>{request.neededParties.map((party) => party.name).join('; ')}</dd>
      <dt>{t('facts.linkedStatus')}</dt>
      <dd>
        {linkedStatus ? (
          <Link href={linkedStatus.href}>{linkedStatus.label}</Link>
        ) : (
          <span className="muted">{t('facts.noLinkedStatus')}</span>
        )}
      </dd>
      <dt>{t('facts.sensitivity')}</dt>
      <dd>{request.sensitivity}</dd>
      <dt>{t('facts.sources')}</dt>
      <dd>
        <SourceList sources={request.sources} locale={locale} />
      </dd>
    </dl>
  );
}
