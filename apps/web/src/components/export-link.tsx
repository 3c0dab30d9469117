import { useTranslations } from 'next-intl';
import { apiQuery, type DashboardFilters } from '@/lib/filters';

/** Download exactly what the view shows, as an HXL-tagged CSV report. */
export function ExportLinks({
  filters,
  history,
}: {
  filters: DashboardFilters;
  history?: { organizationId: string; areaId: string };
}) {
  const t = useTranslations('exports');
  const statuses = apiQuery(filters, { asOf: true });
  const excel = new URLSearchParams(statuses);
  excel.set('bom', 'true');
  const summary = new URLSearchParams(statuses);
  summary.set('summary', 'true');
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled group of download links, not a form
    <p className="export-links" role="group" aria-label={t('label')}>
      <a
        className="button secondary"
        href={`/api/exports/access-statuses.csv?${statuses}`}
        download
      >
        {t('csv')}
      </a>{' '}
      <a className="button secondary" href={`/api/exports/access-statuses.csv?${excel}`} download>
        {t('excel')}
      </a>{' '}
      <a className="button secondary" href={`/api/exports/access-statuses.csv?${summary}`} download>
        {t('counts')}
      </a>
      {history && (
        <>
          {' '}
          <a
            className="button secondary"
            href={`/api/exports/access-history.csv?organizationId=${history.organizationId}&areaId=${history.areaId}`}
            download
          >
            {t('history')}
          </a>
        </>
      )}
    </p>
  );
}
