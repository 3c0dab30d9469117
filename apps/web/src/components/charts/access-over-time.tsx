'use client';

import { useMemo, useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TTimeseries } from '@access/contracts';
import { ACCESS_STATUSES } from '@access/contracts/codes';
import { STATUS_STYLE } from '@/lib/status-style';
import { StatusBadge, StatusPatternDefs } from './status-patterns';

interface Props {
  series: TTimeseries;
  locale: string;
}

/** Organisation–area pairs per status over time: a stacked area chart, or the same numbers as a table. */
export function AccessOverTime({ series, locale }: Props) {
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
        </div>
      </div>
      <figcaption className="muted">
        Organisation–area pairs in each status on the first day of each {series.interval},{' '}
        {label(series.from)} to {label(series.to)}.
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
                }}
              />
              <YAxis
                allowDecimals={false}
                label={{
                  value: 'Organisation–area pairs',
                  angle: -90,
                  position: 'insideLeft',
                  style: { textAnchor: 'middle' },
                }}
              />
              <Tooltip
                labelFormatter={(value) => label(String(value))}
                formatter={(value, name) => [
                  value,
                  STATUS_STYLE[name as keyof typeof STATUS_STYLE]?.label ?? name,
                ]}
              />
              <Legend
                formatter={(value: string) =>
                  `${STATUS_STYLE[value as keyof typeof STATUS_STYLE].symbol} ${STATUS_STYLE[value as keyof typeof STATUS_STYLE].label}`
                }
                wrapperStyle={{ paddingTop: 16 }}
              />
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
        <div className="table-scroll" style={{ maxHeight: 360, overflowY: 'auto' }}>
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
        </div>
      )}
    </figure>
  );
}
