import Link from 'next/link';
import type { TArea, TOrganization } from '@access/contracts';
import {
  ACCESS_STATUSES,
  CONSTRAINT_CATEGORIES,
  ORGANIZATION_TYPES,
} from '@access/contracts/codes';
import type { DashboardFilters } from '@/lib/filters';
import { formatDate } from '@/lib/format';
import { STATUS_STYLE } from '@/lib/status-style';
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

const organizationLabel = (organization: Named) =>
  organization.acronym ? `${organization.acronym} — ${organization.name}` : organization.name;

/** "All areas · all organisations · any status · as of 10 Feb 2023 · as known now". */
export function filterSummary(
  filters: DashboardFilters,
  names: { area?: string; organization?: string },
  locale: string,
  parts: { area?: boolean; organization?: boolean } = {},
): string {
  const format = (iso: string) => formatDate(iso, locale);
  const items = [
    parts.area === false ? '' : names.area ? `in ${names.area} (with sub-areas)` : 'All areas',
    parts.organization === false
      ? ''
      : names.organization
        ? names.organization
        : 'all organisations',
    filters.organizationType
      ? (ORGANIZATION_TYPES[Number(filters.organizationType) as keyof typeof ORGANIZATION_TYPES] ??
        '')
      : '',
    filters.status.length
      ? filters.status.map((status) => STATUS_STYLE[status].label.toLowerCase()).join(' or ')
      : 'any status',
    filters.constraintCategory.length
      ? `constraint categories ${filters.constraintCategory.join(', ')}`
      : '',
    filters.validatedOnly ? 'validated only' : '',
    filters.asOf ? `as of ${format(filters.asOf)}` : 'as of today',
    filters.knownOn ? `as known on ${format(filters.knownOn)}` : '',
  ].filter(Boolean);
  const text = items.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
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
  );
  return (
    <details className="filters-disclosure panel" open={open}>
      <summary>
        <span className="visually-hidden">Filters: </span>
        <span data-testid="filter-summary">{summary}</span>
        <span className="edit-filters" aria-hidden="true">
          {' '}
          · edit
        </span>
      </summary>
      <form className="filters" method="get" action={action} aria-label="Filters">
        {showArea && (
          <SearchCombobox
            name="areaId"
            label="Area (with sub-areas)"
            kind="areas"
            emptyLabel="All areas"
            selected={area ? { id: area.id, label: area.name } : null}
          />
        )}
        {showOrganization && (
          <SearchCombobox
            name="organizationId"
            label="Organisation"
            kind="organizations"
            emptyLabel="All organisations"
            hint="type a name, acronym, alias or IATI id"
            selected={
              organization ? { id: organization.id, label: organizationLabel(organization) } : null
            }
          />
        )}
        <div className="field">
          <label htmlFor="f-type">Organisation type</label>
          <select id="f-type" name="organizationType" defaultValue={filters.organizationType ?? ''}>
            <option value="">All types</option>
            {Object.entries(ORGANIZATION_TYPES).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field checks">
          <legend>Status</legend>
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
          <legend>Constraint category</legend>
          {Object.entries(CONSTRAINT_CATEGORIES).map(([code, label]) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                name="constraintCategory"
                value={code}
                defaultChecked={filters.constraintCategory.includes(code)}
              />{' '}
              {code}. {label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="f-asof">As of</label>
          <input
            id="f-asof"
            name="asOf"
            type="date"
            defaultValue={filters.asOf ?? ''}
            aria-describedby="f-asof-hint"
          />
          <span id="f-asof-hint" className="hint">
            what was true that day (default today)
          </span>
        </div>
        <div className="field">
          <label htmlFor="f-known">As known on</label>
          <input
            id="f-known"
            name="knownOn"
            type="date"
            defaultValue={filters.knownOn ?? ''}
            aria-describedby="f-known-hint"
          />
          <span id="f-known-hint" className="hint">
            what we believed then (default now)
          </span>
        </div>
        {showPeriod && (
          <>
            <div className="field">
              <label htmlFor="f-from">Chart from</label>
              <input
                id="f-from"
                name="from"
                type="date"
                defaultValue={filters.from ?? ''}
                aria-describedby="f-from-hint"
              />
              <span id="f-from-hint" className="hint">
                default: the first entry
              </span>
            </div>
            <div className="field">
              <label htmlFor="f-to">Chart to</label>
              <input id="f-to" name="to" type="date" defaultValue={filters.to ?? ''} />
            </div>
            <div className="field">
              <label htmlFor="f-interval">By</label>
              <select id="f-interval" name="interval" defaultValue={filters.interval}>
                <option value="day">Day</option>
                <option value="week">Week</option>
                <option value="month">Month</option>
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
            Validated only
          </label>
        </div>
        <div className="actions">
          <button type="submit">Apply</button>
          <Link className="button secondary" href={action}>
            Reset
          </Link>
        </div>
      </form>
    </details>
  );
}
