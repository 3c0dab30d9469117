import Link from 'next/link';
import type { TArea, TOrganization } from '@access/contracts';
import {
  ACCESS_STATUSES,
  CONSTRAINT_CATEGORIES,
  ORGANIZATION_TYPES,
} from '@access/contracts/codes';
import type { DashboardFilters } from '@/lib/filters';
import { STATUS_STYLE } from '@/lib/status-style';

interface Props {
  action: string;
  filters: DashboardFilters;
  areas: TArea[];
  organizations?: TOrganization[];
  showPeriod?: boolean;
}

/** A plain GET form: the filters land in the URL, work without JavaScript and with the keyboard. */
export function FilterForm({ action, filters, areas, organizations, showPeriod = true }: Props) {
  return (
    <form className="filters panel" method="get" action={action} aria-label="Filters">
      <div className="field">
        <label htmlFor="f-area">Area (with sub-areas)</label>
        <select id="f-area" name="areaId" defaultValue={filters.areaId ?? ''}>
          <option value="">All areas</option>
          {areas.map((area) => (
            <option key={area.id} value={area.id}>
              {area.name}
              {area.pcode ? ` (${area.pcode})` : ''}
            </option>
          ))}
        </select>
      </div>
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
      {organizations && (
        <div className="field">
          <label htmlFor="f-org">Organisation</label>
          <select id="f-org" name="organizationId" defaultValue={filters.organizationId ?? ''}>
            <option value="">All organisations</option>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.acronym ? `${organization.acronym} — ` : ''}
                {organization.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" name="status" defaultValue={filters.status[0] ?? ''}>
          <option value="">Any status</option>
          {ACCESS_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_STYLE[status].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-category">Constraint category</label>
        <select
          id="f-category"
          name="constraintCategory"
          defaultValue={filters.constraintCategory ?? ''}
        >
          <option value="">Any category</option>
          {Object.entries(CONSTRAINT_CATEGORIES).map(([code, label]) => (
            <option key={code} value={code}>
              {code}. {label}
            </option>
          ))}
        </select>
      </div>
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
            <input id="f-from" name="from" type="date" defaultValue={filters.from ?? ''} />
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
  );
}
