'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
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
import { ChartViewButtons, useChartView } from './chart-view';
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
  const t = useTranslations('accessChart');
  return (
    <ul className="chart-legend" aria-label={t('legend')}>
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
  const t = useTranslations('accessChart');
  const tc = useTranslations('codes');
  const [view, setView] = useChartView('access-over-time');
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
        <h2 id="access-over-time-title">{t('title')}</h2>
        <ChartViewButtons
          view={view}
          onChange={setView}
          labels={{ group: t('showAs'), chart: t('chart'), table: t('table') }}
        >
          {csvHref && (
            <a className="button secondary" href={csvHref} download>
              {t('downloadCsv')}
            </a>
          )}
        </ChartViewButtons>
      </div>
      <figcaption className="muted">
        {t(asOfBucket && asOfText ? 'captionAsOf' : 'caption', {
          interval: series.interval,
          from: label(series.from),
          to: label(series.to),
          asOf: asOfText ?? '',
        })}
      </figcaption>
      {empty ? (
        <p className="empty">{t('empty')}</p>
      ) : view === 'chart' ? (
        // charts read left to right in every language (a time axis), their words translated
        <div style={{ width: '100%', height: 320 }} data-testid="access-over-time-chart" dir="ltr">
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
                      ? t('month')
                      : series.interval === 'week'
                        ? t('weekStarting')
                        : t('day'),
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
                  value: t('pairs'),
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
                  name !== undefined && name in STATUS_STYLE
                    ? `${STATUS_STYLE[name as TAccessStatusCode].symbol} ${tc(`status.${name as TAccessStatusCode}`)}`
                    : String(name),
                ]}
                itemStyle={{ color: INK }}
                labelStyle={{ color: INK, fontWeight: 600 }}
                itemSorter={(item) => -ACCESS_STATUSES.indexOf(item.dataKey as TAccessStatusCode)}
              />
              {/* above the plot: below it, it sat on the x-axis title */}
              <Legend
                verticalAlign="top"
                wrapperStyle={{ paddingBottom: 8 }}
                content={() => <StackLegend statuses={present} />}
              />
              {asOfBucket && (
                <ReferenceLine
                  x={asOfBucket}
                  stroke={INK}
                  strokeWidth={2}
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                  label={{
                    value: t('asOfMark', { date: asOfText ?? '' }),
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
                  // no outline: a status with no pair over a stretch would still draw one
                  // along the top of the stack, telling of pairs that were not there
                  stroke="none"
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
          aria-label={t('tableLabel')}
        >
          <table>
            <caption className="visually-hidden">{t('tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('date')}</th>
                {present.map((status) => (
                  <th scope="col" key={status}>
                    <StatusBadge status={status} />
                  </th>
                ))}
                <th scope="col">{t('total')}</th>
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
