import Link from 'next/link';
import { useRequestText } from '@/lib/request-text';
import { ACCESS_REQUEST_KINDS, ACCESS_REQUEST_STATES, type TParty } from '@access/contracts';
import { knownAtDay, type RequestFilters } from '@/lib/request-filters';
import { SearchCombobox } from '@/components/search-combobox';

/**
 * The consent board's filters: a plain GET form (works without script), the area and the
 * organisation through the type-ahead the overview uses, codes in the URL, dates as ISO.
 */
export function RequestFilterForm({
  filters,
  parties,
  area,
  organization,
  summary,
}: {
  filters: RequestFilters;
  parties: Pick<TParty, 'id' | 'name'>[];
  area: { id: string; label: string } | null;
  organization: { id: string; label: string } | null;
  summary: string;
}) {
  const t = useRequestText();
  const filtered = Boolean(
    filters.areaId ||
      filters.partyId ||
      filters.organizationId ||
      filters.kind.length ||
      filters.state.length ||
      filters.asOf ||
      filters.knownAt ||
      filters.from ||
      filters.to,
  );
  return (
    <details className="filters-disclosure panel" open={filtered}>
      <summary>
        <span className="visually-hidden">{t('filters.title')}: </span>
        <span data-testid="request-filter-summary">{summary}</span>
        <span className="edit-filters" aria-hidden="true">
          {' '}
          · {t('filters.edit')}
        </span>
      </summary>
      <form className="filters" method="get" action="/requests" aria-label={t('filters.title')}>
        <div className="field">
          <label htmlFor="r-party">{t('filters.party')}</label>
          <select id="r-party" name="partyId" defaultValue={filters.partyId ?? ''}>
            <option value="">{t('filters.anyParty')}</option>
            {parties.map((party) => (
              <option key={party.id} value={party.id}>
                {party.name}
              </option>
            ))}
          </select>
        </div>
        <SearchCombobox
          name="areaId"
          label={t('filters.area')}
          kind="areas"
          emptyLabel={t('filters.anyArea')}
          selected={area}
        />
        <SearchCombobox
          name="organizationId"
          label={t('filters.organization')}
          kind="organizations"
          emptyLabel={t('filters.anyOrganization')}
          selected={organization}
        />
        <fieldset className="field checks">
          <legend>{t('filters.kind')}</legend>
          {ACCESS_REQUEST_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                name="kind"
                value={kind}
                defaultChecked={filters.kind.includes(kind)}
              />{' '}
              {t(`kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="field checks">
          <legend>{t('filters.state')}</legend>
          {ACCESS_REQUEST_STATES.map((state) => (
            <label key={state} className="check">
              <input
                type="checkbox"
                name="state"
                value={state}
                defaultChecked={filters.state.includes(state)}
              />{' '}
              {t(`state.${state}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="r-asOf">{t('filters.asOf')}</label>
          <input id="r-asOf" name="asOf" type="date" defaultValue={filters.asOf ?? ''} />
          <span className="hint">{t('filters.asOfHint')}</span>
        </div>
        <div className="field">
          <label htmlFor="r-knownAt">{t('filters.knownAt')}</label>
          <input
            id="r-knownAt"
            name="knownAt"
            type="date"
            defaultValue={knownAtDay(filters.knownAt) ?? ''}
          />
          <span className="hint">{t('filters.knownAtHint')}</span>
        </div>
        <div className="field">
          <label htmlFor="r-from">{t('filters.from')}</label>
          <input id="r-from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="r-to">{t('filters.to')}</label>
          <input id="r-to" name="to" type="date" defaultValue={filters.to ?? ''} />
          <span className="hint">{t('filters.periodHint')}</span>
        </div>
        <div className="actions">
          <button type="submit">{t('filters.show')}</button>{' '}
          <Link href="/requests">{t('filters.clear')}</Link>
        </div>
      </form>
    </details>
  );
}
