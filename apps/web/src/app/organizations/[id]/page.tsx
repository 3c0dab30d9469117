import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { api, orNotFound, requireUser } from '@/lib/api';
import { FollowButton } from '@/components/follow-button';
import { apiQuery, parseFilters, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { PairTimelines } from '@/components/pair-timelines';
import { StatusDetails } from '@/components/status-details';
import { FilterForm } from '@/components/filter-form';
import { ExportLinks } from '@/components/export-link';

/** One request for the page and its title. */
const organizationOf = cache((id: string) => orNotFound(api.organization(id)));

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const organization = await organizationOf((await params).id).catch(() => null);
  const t = await getTranslations('organization');
  return {
    title: organization
      ? t('title', { organization: organization.acronym ?? organization.name })
      : t('titleNone'),
  };
}

export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const { id } = await params;
  const filters = { ...parseFilters(await searchParams), organizationId: id };
  const locale = await userLocale();
  const t = await getTranslations('organization');
  const tc = await getTranslations('codes');
  const organization = await organizationOf(id);
  const query = apiQuery(filters, { asOf: true });
  query.set('limit', '200');
  const [statuses, area] = await Promise.all([
    api.statuses(query),
    filters.areaId ? api.area(filters.areaId).catch(() => null) : null,
  ]);
  const knownAt = filters.knownOn ? `${filters.knownOn}T23:59:59.999Z` : undefined;

  return (
    <>
      <p className="muted">
        {tc.has(`organizationType.${organization.typeCode}`)
          ? tc(`organizationType.${organization.typeCode}`)
          : organization.typeLabel}{' '}
        (OCHA {organization.typeCode}){organization.iatiId ? ` · IATI ${organization.iatiId}` : ''}
        {organization.aliases.length > 0 &&
          ` · ${t('aliases', { aliases: organization.aliases.join(', ') })}`}
      </p>
      <h1>
        {organization.name}
        {organization.acronym && <span className="muted"> ({organization.acronym})</span>}
      </h1>
      <FollowButton targetType="ORGANIZATION" targetId={id} csrfToken={user.csrfToken} />
      <FilterForm
        action={`/organizations/${id}`}
        filters={filters}
        selected={{ area }}
        showPeriod={false}
        locale={locale}
      />
      <ExportLinks filters={filters} />
      <section className="panel" aria-labelledby="timelines">
        <h2 id="timelines">{t('timelines')}</h2>
        <PairTimelines
          locale={locale}
          knownAt={knownAt}
          pairs={statuses.items.map((status) => ({
            organizationId: id,
            areaId: status.area.id,
            label: status.area.name,
            href: `/areas/${status.area.id}`,
          }))}
        />
      </section>
      <section aria-labelledby="current">
        <h2 id="current">
          {t.rich('on', {
            date: formatDate(statuses.asOf, locale),
            time: (chunks) => <time dateTime={statuses.asOf}>{chunks}</time>,
          })}
        </h2>
        <StatusDetails
          statuses={statuses.items}
          locale={locale}
          heading={(status) => status.area.name}
        />
      </section>
    </>
  );
}
