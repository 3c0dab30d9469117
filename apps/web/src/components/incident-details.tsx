import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TIncidentVersion } from '@access/contracts';
import { formatDate } from '@/lib/format';
import { incidentLabels } from '@/lib/incident-text';

/**
 * "6. Violence against … — Staff abducted": the category and what happened under it, in the
 * reader's words (`labels`: incidentLabels(codes translator)).
 */
export function incidentKind(
  version: Pick<TIncidentVersion, 'category' | 'subType'>,
  labels: ReturnType<typeof incidentLabels>,
): string {
  const category = labels.category(version.category);
  const subType = labels.subType(version.category, version.subType);
  return `${version.category}. ${category} — ${subType}`;
}

/** When an incident happened, as a date (and the time when known). */
export function OccurredAt({
  version,
  locale,
}: {
  version: Pick<TIncidentVersion, 'occurredOn' | 'occurredTime'>;
  locale: string;
}) {
  const t = useTranslations('incident');
  return (
    <>
      <time dateTime={version.occurredOn}>{formatDate(version.occurredOn, locale)}</time>
      {version.occurredTime && <> {t('at', { time: version.occurredTime })}</>}
    </>
  );
}

/** Everything one version of an incident says, as a list of facts (one column on a phone). */
export function IncidentFacts({ version, locale }: { version: TIncidentVersion; locale: string }) {
  const t = useTranslations('incident');
  const tc = useTranslations('codes');
  const labels = incidentLabels(tc);
  const list = (items: string[], none: string) => (items.length ? items.join('; ') : none);
  return (
    <dl className="facts incident-facts">
      <dt>{t('occurred')}</dt>
      <dd>
        <OccurredAt version={version} locale={locale} />
      </dd>
      <dt>{t('area')}</dt>
      <dd>
        <Link href={`/areas/${version.area.id}`}>{version.area.name}</Link>
        {version.area.pcode ? ` (${version.area.pcode})` : ''}
      </dd>
      <dt>{t('category')}</dt>
      <dd>
        {version.category}. {labels.category(version.category)}
      </dd>
      <dt>{t('whatHappened')}</dt>
      <dd>{labels.subType(version.category, version.subType)}</dd>
      <dt>{t('impact')}</dt>
      <dd>{list(version.impacts.map(labels.impact), t('noneRecorded'))}</dd>
      <dt>{t('sectors')}</dt>
      <dd>{list(version.sectors.map(labels.sector), t('noneRecorded'))}</dd>
      <dt>{t('organizationsAffected')}</dt>
      <dd>
        {list(
          version.affectedOrganizations.map((organization) =>
            organization.acronym
              ? `${organization.acronym} (${organization.name})`
              : organization.name,
          ),
          t('noneNamed'),
        )}
      </dd>
      <dt>{t('typesAffected')}</dt>
      <dd>
        {list(version.affectedOrganizationTypes.map(labels.organizationType), t('noneNamed'))}
      </dd>
      <dt>{t('peopleAffected')}</dt>
      <dd>
        {version.peopleAffected === null
          ? t('notKnown')
          : version.peopleAffected.toLocaleString(locale)}
      </dd>
      <dt>{t('perpetrator')}</dt>
      <dd>{version.perpetrator ? labels.perpetrator(version.perpetrator) : t('notApplicable')}</dd>
      <dt>{t('description')}</dt>
      <dd className="prewrap">{version.description}</dd>
      <dt>{t('sources')}</dt>
      <dd>
        {version.sources.length === 0 ? (
          t('noneCited')
        ) : (
          <ul className="plain">
            {version.sources.map((source, index) => (
              <li key={index}>
                {source.url ? <a href={source.url}>{source.title}</a> : source.title}
                {source.publisher ? `, ${source.publisher}` : ''}
                {source.publishedOn ? `, ${formatDate(source.publishedOn, locale)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('recordedBy')}</dt>
      <dd>
        {version.organization.acronym ?? version.organization.name} (
        {version.recordedBy.displayName})
      </dd>
      <dt>{t('sensitivity')}</dt>
      <dd>{tc(`sensitivity.${version.sensitivity}`)}</dd>
    </dl>
  );
}
