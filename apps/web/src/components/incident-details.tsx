import Link from 'next/link';
import type { TIncidentVersion } from '@access/contracts';
import { formatDate } from '@/lib/format';
import {
  categoryLabel,
  impactLabel,
  organizationTypeLabel,
  perpetratorLabel,
  sectorLabel,
  subTypeLabel,
} from '@/lib/incident-text';

/** "6. Violence against … — Staff abducted": the category and what happened under it. */
export function incidentKind(version: Pick<TIncidentVersion, 'category' | 'subType'>): string {
  return `${version.category}. ${categoryLabel(version.category)} — ${subTypeLabel(version.category, version.subType)}`;
}

/** When an incident happened, as a date (and the time when known). */
export function OccurredAt({
  version,
  locale,
}: {
  version: Pick<TIncidentVersion, 'occurredOn' | 'occurredTime'>;
  locale: string;
}) {
  return (
    <>
      <time dateTime={version.occurredOn}>{formatDate(version.occurredOn, locale)}</time>
      {version.occurredTime && <> at {version.occurredTime}</>}
    </>
  );
}

/** Everything one version of an incident says, as a list of facts (one column on a phone). */
export function IncidentFacts({ version, locale }: { version: TIncidentVersion; locale: string }) {
  const list = (items: string[], none: string) => (items.length ? items.join('; ') : none);
  return (
    <dl className="facts incident-facts">
      <dt>Occurred</dt>
      <dd>
        <OccurredAt version={version} locale={locale} />
      </dd>
      <dt>Area</dt>
      <dd>
        <Link href={`/areas/${version.area.id}`}>{version.area.name}</Link>
        {version.area.pcode ? ` (${version.area.pcode})` : ''}
      </dd>
      <dt>Category</dt>
      <dd>
        {version.category}. {categoryLabel(version.category)}
      </dd>
      <dt>What happened</dt>
      <dd>{subTypeLabel(version.category, version.subType)}</dd>
      <dt>Impact</dt>
      <dd>{list(version.impacts.map(impactLabel), 'none recorded')}</dd>
      <dt>Sectors</dt>
      <dd>{list(version.sectors.map(sectorLabel), 'none recorded')}</dd>
      <dt>Organisations affected</dt>
      <dd>
        {list(
          version.affectedOrganizations.map((organization) =>
            organization.acronym
              ? `${organization.acronym} (${organization.name})`
              : organization.name,
          ),
          'none named',
        )}
      </dd>
      <dt>Types affected</dt>
      <dd>{list(version.affectedOrganizationTypes.map(organizationTypeLabel), 'none named')}</dd>
      <dt>People affected</dt>
      <dd>
        {version.peopleAffected === null
          ? 'not known'
          : version.peopleAffected.toLocaleString(locale)}
      </dd>
      <dt>Perpetrator</dt>
      <dd>{version.perpetrator ? perpetratorLabel(version.perpetrator) : 'not applicable'}</dd>
      <dt>Description</dt>
      <dd className="prewrap">{version.description}</dd>
      <dt>Sources</dt>
      <dd>
        {version.sources.length === 0 ? (
          'none cited'
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
      <dt>Recorded by</dt>
      <dd>
        {version.organization.acronym ?? version.organization.name} (
        {version.recordedBy.displayName})
      </dd>
      <dt>Sensitivity</dt>
      <dd>{version.sensitivity}</dd>
    </dl>
  );
}
