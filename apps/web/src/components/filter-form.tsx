import Link from 'next/link';
import { createTranslator, useTranslations } from 'next-intl';
import type { TArea, TOrganization } from '@access/contracts';
import {
  ACCESS_STATUSES,
  CONSTRAINT_CATEGORIES,
  ORGANIZATION_TYPES,
} from '@access/contracts/codes';
import type { DashboardFilters } from '@/lib/filters';
import { formatDate } from '@/lib/format';
import { organizationLabel } from '@/lib/organization-label';
import english from '../../messages/en.json';
import { StatusBadge } from './charts/status-patterns';
import { SearchCombobox } from './search-combobox';

type Named = { id: string; name: string; acronym?: string | null };

interface Props {
  action: string;
  filters: DashboardFilters;
  /** the chosen area and organisation, for their names (a page may pass the lists it has) */
  selected?: { area?: Named | null; organization?: Named | null };
  /** @deprecated lists are no longer shown: only used to find the chosen one's name */
  areas?: TArea[];
  /** present (even empty): the form offers an organisation filter */
  organizations?: TOrganization[];
  showOrganization?: boolean;
  showArea?: boolean;
  showPeriod?: boolean;
  locale?: string;
  /** open the form instead of showing its one-line summary */
  open?: boolean;
}

/** The words of a summary: the page's language (`useTranslations()`), English by default. */
type Translator = ReturnType<typeof useTranslations<never>>;
const inEnglish = () => createTranslator({ locale: 'en', messages: english }) as Translator;

/** "All areas · all organisations · any status · as of 10 Feb 2023 · as known now". */
export function filterSummary(
  filters: DashboardFilters,
  names: { area?: string; organization?: string },
  locale: string,
  parts: { area?: boolean; organization?: boolean } = {},
  t: Translator = inEnglish(),
): string {
  const format = (iso: string) => formatDate(iso, locale);
  const list = (items: string[]) =>
    new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
  const code = Number(filters.organizationType);
  const items = [
    parts.area === false
      ? ''
      : names.area
        ? t('filters.summary.inArea', { area: names.area })
        : t('filters.summary.allAreas'),
    parts.organization === false
      ? ''
      : (names.organization ?? t('filters.summary.allOrganizations')),
    filters.organizationType && code in ORGANIZATION_TYPES
      ? t(`codes.organizationType.${code as keyof typeof ORGANIZATION_TYPES}`)
      : '',
    filters.status.length
      ? list(filters.status.map((status) => t(`codes.status.${status}`).toLocaleLowerCase(locale)))
      : t('filters.summary.anyStatus'),
    filters.constraintCategory.length
      ? t('filters.summary.categories', { codes: filters.constraintCategory.join(', ') })
      : '',
    filters.validatedOnly ? t('filters.summary.validatedOnly') : '',
    filters.asOf
      ? t('filters.summary.asOf', { date: format(filters.asOf) })
      : t('filters.summary.asOfToday'),
    filters.knownOn ? t('filters.summary.knownOn', { date: format(filters.knownOn) }) : '',
  ].filter(Boolean);
  const text = items.join(' · ');
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/**
 * A plain GET form: the filters land in the URL, and work with the keyboard. Folded into a
 * one-line summary (a native disclosure) so the page leads with its answers.
 */
export function FilterForm({
  action,
  filters,
  selected = {},
  areas,
  organizations,
  showOrganization = organizations !== undefined,
  showArea = true,
  showPeriod = true,
  locale = 'en-GB',
  open = false,
}: Props) {
  const t = useTranslations('filters');
  const tc = useTranslations('codes');
  const tAll = useTranslations();
  const area =
    selected.area ??
    (filters.areaId ? areas?.find((item) => item.id === filters.areaId) : undefined);
  const organization =
    selected.organization ??
    (filters.organizationId
      ? organizations?.find((item) => item.id === filters.organizationId)
      : undefined);
  const summary = filterSummary(
    filters,
    {
      area: area?.name,
      organization: organization ? (organization.acronym ?? organization.name) : undefined,
    },
    locale,
    { area: showArea, organization: showOrganization },
    tAll as Translator,
  );
  return (
    <details className="filters-disclosure panel" open={open}>
      <summary>
        <span className="visually-hidden">{t('label')}: </span>
        <span data-testid="filter-summary">{summary}</span>
        <span className="edit-filters" aria-hidden="true">
          {' '}
          · {t('edit')}
        </span>
      </summary>
      <form className="filters" method="get" action={action} aria-label={t('label')}>
        {showArea && (
          <SearchCombobox
            name="areaId"
            label={t('area')}
            kind="areas"
            emptyLabel={t('allAreas')}
            selected={area ? { id: area.id, label: area.name } : null}
          />
        )}
        {showOrganization && (
          <SearchCombobox
            name="organizationId"
            label={t('organization')}
            kind="organizations"
            emptyLabel={t('allOrganizations')}
            hint={t('organizationHint')}
            selected={
              organization ? { id: organization.id, label: organizationLabel(organization) } : null
            }
          />
        )}
        <div className="field">
          <label htmlFor="f-type">{t('organizationType')}</label>
          <select id="f-type" name="organizationType" defaultValue={filters.organizationType ?? ''}>
            <option value="">{t('allTypes')}</option>
            {Object.keys(ORGANIZATION_TYPES).map((code) => (
              <option key={code} value={code}>
                {tc(`organizationType.${Number(code) as keyof typeof ORGANIZATION_TYPES}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field checks">
          <legend>{t('status')}</legend>
          {ACCESS_STATUSES.map((status) => (
            <label key={status} className="check">
              <input
                type="checkbox"
                name="status"
                value={status}
                defaultChecked={filters.status.includes(status)}
              />{' '}
              <StatusBadge status={status} />
            </label>
          ))}
        </fieldset>
        <fieldset className="field checks categories">
          <legend>{t('category')}</legend>
          {Object.keys(CONSTRAINT_CATEGORIES).map((code) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                name="constraintCategory"
                value={code}
                defaultChecked={filters.constraintCategory.includes(code)}
              />{' '}
              {code}. {tc(`category.${Number(code) as keyof typeof CONSTRAINT_CATEGORIES}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="f-asof">{t('asOf')}</label>
          <input
            id="f-asof"
            name="asOf"
            type="date"
            defaultValue={filters.asOf ?? ''}
            aria-describedby="f-asof-hint"
          />
          <span id="f-asof-hint" className="hint">
            {t('asOfHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="f-known">{t('knownOn')}</label>
          <input
            id="f-known"
            name="knownOn"
            type="date"
            defaultValue={filters.knownOn ?? ''}
            aria-describedby="f-known-hint"
          />
          <span id="f-known-hint" className="hint">
            {t('knownOnHint')}
          </span>
        </div>
        {showPeriod && (
          <>
            <div className="field">
              <label htmlFor="f-from">{t('from')}</label>
              <input
                id="f-from"
                name="from"
                type="date"
                defaultValue={filters.from ?? ''}
                aria-describedby="f-from-hint"
              />
              <span id="f-from-hint" className="hint">
                {t('fromHint')}
              </span>
            </div>
            <div className="field">
              <label htmlFor="f-to">{t('to')}</label>
              <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ''} />
            </div>
            <div className="field">
              <label htmlFor="f-interval">{t('interval')}</label>
              <select id="f-interval" name="interval" defaultValue={filters.interval}>
                <option value="day">{t('day')}</option>
                <option value="week">{t('week')}</option>
                <option value="month">{t('month')}</option>
              </select>
            </div>
          </>
        )}
        <div className="field" style={{ minWidth: 'auto' }}>
          <label
            htmlFor="f-validated"
            style={{ display: 'flex', gap: '.4rem', alignItems: 'center' }}
          >
            <input
              id="f-validated"
              name="validatedOnly"
              type="checkbox"
              value="true"
              defaultChecked={filters.validatedOnly}
            />{' '}
            {t('validatedOnly')}
          </label>
        </div>
        <div className="actions">
          <button type="submit">{t('apply')}</button>
          <Link className="button secondary" href={action}>
            {t('reset')}
          </Link>
        </div>
      </form>
    </details>
  );
}
