'use client';

import { useMemo, useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TTimeseries } from '@access/contracts';
import { ACCESS_STATUSES, type TAccessStatusCode } from '@access/contracts/codes';
import { STATUS_STYLE } from '@/lib/status-style';
import { StatusBadge, StatusPatternDefs } from './status-patterns';

interface Props {
  series: TTimeseries;
  locale: string;
  /** the day the rest of the page is about: marked on the chart */
  asOf?: string;
  /** where the same numbers download as CSV */
  csvHref?: string;
}

/** Text on white at ≥ 4.5:1 (WCAG AA); the status colours themselves are for fills only. */
const INK = '#1b1f24';
/** globals.css's --muted: 6.4:1 on white */
const MUTED = '#57606a';

/** The legend in the order the areas stack, bottom first, in dark text beside each pattern. */
function StackLegend({ statuses }: { statuses: readonly TAccessStatusCode[] }) {
  return (
    <ul className="chart-legend" aria-label="Legend, in stacking order from the bottom">
      {statuses.map((status) => (
        <li key={status}>
          <StatusBadge status={status} />
        </li>
      ))}
    </ul>
  );
}

/** Organisation–area pairs per status over time: a stacked area chart, or the same numbers as a table. */
export function AccessOverTime({ series, locale, asOf, csvHref }: Props) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const dateFormat = useMemo(
    () =>
      new Intl.DateTimeFormat(
        locale,
        series.interval === 'month'
          ? { month: 'short', year: 'numeric', timeZone: 'UTC' }
          : { dateStyle: 'medium', timeZone: 'UTC' },
      ),
    [locale, series.interval],
  );
  const label = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));
  const rows = series.buckets.map((bucket) => ({
    date: bucket.date,
    total: bucket.total,
    ...bucket.counts,
  }));
  const present = ACCESS_STATUSES.filter((status) => rows.some((row) => row[status] > 0));
  const empty = present.length === 0;
  // the bucket holding asOf: the last one starting on or before it
  const asOfBucket = asOf ? rows.filter((row) => row.date <= asOf).at(-1)?.date : undefined;
  const asOfText = asOf
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${asOf}T00:00:00Z`),
      )
    : undefined;

  return (
    <figure style={{ margin: 0 }} aria-labelledby="access-over-time-title">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'baseline',
          flexWrap: 'wrap',
          gap: '.5rem',
        }}
      >
        <h2 id="access-over-time-title">Access over time</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form group */}
        <div className="tabs" role="group" aria-label="Show as">
          <button
            type="button"
            className="secondary"
            aria-pressed={view === 'chart'}
            onClick={() => setView('chart')}
          >
            Chart
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            View as table
          </button>
          {csvHref && (
            <a className="button secondary" href={csvHref} download>
              Download CSV
            </a>
          )}
        </div>
      </div>
      <figcaption className="muted">
        Organisation–area pairs in each status on the first day of each {series.interval},{' '}
        {label(series.from)} to {label(series.to)}
        {asOfBucket && asOfText ? `; the dashed line marks ${asOfText}` : ''}.
      </figcaption>
      {empty ? (
        <p className="empty">No entries in this period for these filters.</p>
      ) : view === 'chart' ? (
        <div style={{ width: '100%', height: 320 }} data-testid="access-over-time-chart">
          <ResponsiveContainer>
            <AreaChart data={rows} margin={{ top: 16, right: 16, bottom: 24, left: 8 }}>
              <StatusPatternDefs idPrefix="series" />
              <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" />
              <XAxis
                dataKey="date"
                tick={{ fill: MUTED }}
                stroke={MUTED}
                tickFormatter={label}
                minTickGap={24}
                label={{
                  value:
                    series.interval === 'month'
                      ? 'Month'
                      : series.interval === 'week'
                        ? 'Week starting'
                        : 'Day',
                  position: 'insideBottom',
                  offset: -14,
                  fill: MUTED,
                }}
              />
              <YAxis
                allowDecimals={false}
                tick={{ fill: MUTED }}
                stroke={MUTED}
                label={{
                  value: 'Organisation–area pairs',
                  angle: -90,
                  position: 'insideLeft',
                  fill: MUTED,
                  style: { textAnchor: 'middle' },
                }}
              />
              <Tooltip
                labelFormatter={(value) => label(String(value))}
                formatter={(value, name) => [
                  value,
                  `${STATUS_STYLE[name as keyof typeof STATUS_STYLE]?.symbol ?? ''} ${STATUS_STYLE[name as keyof typeof STATUS_STYLE]?.label ?? name}`,
                ]}
                itemStyle={{ color: INK }}
                labelStyle={{ color: INK, fontWeight: 600 }}
                itemSorter={(item) => -ACCESS_STATUSES.indexOf(item.dataKey as TAccessStatusCode)}
              />
              <Legend content={() => <StackLegend statuses={present} />} />
              {asOfBucket && (
                <ReferenceLine
                  x={asOfBucket}
                  stroke={INK}
                  strokeWidth={2}
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                  label={{
                    value: `as of ${asOfText}`,
                    position: 'insideTopRight',
                    fill: INK,
                    fontSize: 12,
                  }}
                />
              )}
              {present.map((status) => (
                <Area
                  key={status}
                  type="stepAfter"
                  dataKey={status}
                  stackId="pairs"
                  stroke={STATUS_STYLE[status].color}
                  strokeWidth={2}
                  fill={`url(#series-${status})`}
                  fillOpacity={1}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        </div>
      ) : (
        // a scrolling region takes the focus, so the keyboard can scroll it (WCAG 2.1.1)
        <section
          className="table-scroll"
          style={{ maxHeight: 360, overflowY: 'auto' }}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
          aria-label="Organisation–area pairs per status, as a table"
        >
          <table>
            <caption className="visually-hidden">Organisation–area pairs per status</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {present.map((status) => (
                  <th scope="col" key={status}>
                    <StatusBadge status={status} />
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.date}>
                  <th scope="row">
                    <time dateTime={row.date}>{label(row.date)}</time>
                  </th>
                  {present.map((status) => (
                    <td key={status}>{row[status]}</td>
                  ))}
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </figure>
  );
}
