'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CONSTRAINT_CATEGORIES } from '@access/contracts/codes';
import { calendarQuarter } from '@/lib/incident-categories';
import { ChartViewButtons, useChartView } from './chart-view';

/** What the chart reads of `GET /api/stats/incidents` (the contracts' ZIncidentCounts). */
interface IncidentCounts {
  total: number;
  months: { month: string; total: number; byCategory: Record<string, number> }[];
}

interface Props {
  /** the API query (without `?`): the page's filters as the counts take them */
  query: string;
  locale: string;
  /** the day the page is about (default today): "last quarter" is the last one ended by then */
  asOf?: string;
  /** a period was chosen: months outside it are not known to be empty */
  bounded: boolean;
  /** a heading id unique on the page */
  id?: string;
}

const CATEGORIES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const INK = '#1b1f24';
/** globals.css's --muted: 6.4:1 on white */
const MUTED = '#57606a';
/** globals.css's --accent: one colour for every panel, since each panel is one category */
const BAR = '#0b5cad';

/**
 * Incidents per month and OCHA constraint category, fetched by the browser after the page
 * (the page's own HTML and server time stay as they were): small multiples, one panel per
 * category on one shared scale, each named in words, so no colour has to be told apart; or
 * the same numbers as a table. Below both, the last quarter against the one before.
 */
export function IncidentChart({ query, locale, asOf, bounded, id = 'incidents' }: Props) {
  const t = useTranslations('incidentChart');
  const tc = useTranslations('codes');
  const short = (category: number) =>
    tc(`categoryShort.${category as keyof typeof CONSTRAINT_CATEGORIES}`);
  const full = (category: number) =>
    tc(`category.${category as keyof typeof CONSTRAINT_CATEGORIES}`);
  const [view, setView] = useChartView('incidents');
  const [counts, setCounts] = useState<IncidentCounts | null>(null);
  const [state, setState] = useState<'loading' | 'error' | 'ready'>('loading');

  useEffect(() => {
    let current = true;
    setState('loading');
    fetch(`/api/stats/incidents${query ? `?${query}` : ''}`, {
      headers: { accept: 'application/json' },
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as IncidentCounts;
        if (current) {
          setCounts(body);
          setState('ready');
        }
      })
      .catch(() => current && setState('error'));
    return () => {
      current = false;
    };
  }, [query]);

  const monthFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    [locale],
  );
  const monthLabel = (iso: string) => monthFormat.format(new Date(`${iso}T00:00:00Z`));
  const months = counts?.months ?? [];
  const present = CATEGORIES.filter((category) =>
    months.some((month) => (month.byCategory[category] ?? 0) > 0),
  );
  const absent = CATEGORIES.filter((category) => !present.includes(category));
  const highest = Math.max(1, ...months.flatMap((month) => Object.values(month.byCategory)));
  const sum = (category: number) =>
    months.reduce((total, month) => total + (month.byCategory[category] ?? 0), 0);

  // the last quarter ended by the page's day, and the one before it
  const reference = asOf ?? new Date().toISOString().slice(0, 10);
  const quarterOf = (back: number) => {
    const quarter = calendarQuarter(reference, back);
    // its first month, YYYY-MM-01, says which quarter of which year it is
    const first = quarter.months[0]!;
    const number = Math.floor((Number(first.slice(5, 7)) - 1) / 3) + 1;
    return { ...quarter, label: t('quarter', { quarter: number, year: first.slice(0, 4) }) };
  };
  const last = quarterOf(1);
  const before = quarterOf(2);
  const byMonth = new Map(months.map((month) => [month.month, month]));
  const known = (quarterMonths: string[]) =>
    !bounded || quarterMonths.every((month) => byMonth.has(month));
  const inQuarter = (quarterMonths: string[], category?: number) =>
    quarterMonths.reduce((total, month) => {
      const row = byMonth.get(month);
      return total + (row ? (category ? (row.byCategory[category] ?? 0) : row.total) : 0);
    }, 0);
  // with no incidents at all, "0 and 0" says nothing the empty state does not
  const compare =
    state === 'ready' && present.length > 0 && known(last.months) && known(before.months);

  const titleId = `${id}-title`;
  return (
    <figure style={{ margin: 0 }} aria-labelledby={titleId} data-testid="incident-chart">
      <div className="panel-title">
        <h2 id={titleId}>{t('title')}</h2>
        <ChartViewButtons
          view={view}
          onChange={setView}
          labels={{ group: t('showAs'), chart: t('chart'), table: t('table') }}
        />
      </div>
      <figcaption className="muted small">
        {t('caption')}
        {counts && months.length > 0
          ? ` ${t('span', {
              from: monthLabel(months[0]!.month),
              to: monthLabel(months.at(-1)!.month),
              count: counts.total,
            })}`
          : ''}
      </figcaption>
      {state === 'loading' && (
        <p className="muted" role="status">
          {t('counting')}
        </p>
      )}
      {state === 'error' && (
        <p className="alert" role="status">
          {t('failed')}
        </p>
      )}
      {state === 'ready' && present.length === 0 && <p className="empty">{t('empty')}</p>}
      {state === 'ready' && present.length > 0 && view === 'chart' && (
        <>
          <ul className="incident-multiples" aria-label={t('multiples')}>
            {present.map((category) => (
              <li key={category} data-category={category}>
                <h3 className="small" title={full(category)}>
                  {category}. {short(category)}:{' '}
                  <span className="incident-total">{sum(category).toLocaleString(locale)}</span>
                </h3>
                <div style={{ width: '100%', height: 130 }} aria-hidden="true" dir="ltr">
                  <ResponsiveContainer>
                    <BarChart
                      data={months.map((month) => ({
                        month: month.month,
                        count: month.byCategory[category] ?? 0,
                      }))}
                      margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
                      accessibilityLayer={false}
                    >
                      <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" vertical={false} />
                      <XAxis
                        dataKey="month"
                        tick={{ fill: MUTED, fontSize: 11 }}
                        stroke={MUTED}
                        tickFormatter={monthLabel}
                        minTickGap={28}
                      />
                      <YAxis
                        domain={[0, highest]}
                        allowDecimals={false}
                        tick={{ fill: MUTED, fontSize: 11 }}
                        stroke={MUTED}
                      />
                      <Tooltip
                        labelFormatter={(value) => monthLabel(String(value))}
                        formatter={(value) => [value, `${category}. ${short(category)}`]}
                        itemStyle={{ color: INK }}
                        labelStyle={{ color: INK, fontWeight: 600 }}
                      />
                      <Bar dataKey="count" fill={BAR} isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              </li>
            ))}
          </ul>
          {absent.length > 0 && (
            <p className="muted small">{t('absent', { categories: absent.join(', ') })}</p>
          )}
        </>
      )}
      {state === 'ready' && present.length > 0 && view === 'table' && (
        // a scrolling region takes the focus, so the keyboard can scroll it (WCAG 2.1.1)
        <section
          className="table-scroll"
          style={{ maxHeight: 360, overflowY: 'auto' }}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
          aria-label={t('tableLabel')}
        >
          <table data-testid="incident-table">
            <caption className="visually-hidden">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('month')}</th>
                {CATEGORIES.map((category) => (
                  <th scope="col" key={category} title={full(category)}>
                    {category}. {short(category)}
                  </th>
                ))}
                <th scope="col">{t('total')}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((month) => (
                <tr key={month.month}>
                  <th scope="row">
                    <time dateTime={month.month.slice(0, 7)}>{monthLabel(month.month)}</time>
                  </th>
                  {CATEGORIES.map((category) => (
                    <td key={category}>{month.byCategory[category] ?? 0}</td>
                  ))}
                  <td>{month.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {compare && (
        <div className="table-scroll">
          <table className="incident-compare" data-testid="incident-quarters">
            <caption>{t('compared', { last: last.label, before: before.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('category')}</th>
                <th scope="col">{before.label}</th>
                <th scope="col">{last.label}</th>
                <th scope="col">{t('change')}</th>
              </tr>
            </thead>
            <tbody>
              {[...CATEGORIES, 0].map((category) => {
                const then = inQuarter(before.months, category || undefined);
                const now = inQuarter(last.months, category || undefined);
                if (category && then === 0 && now === 0) return null;
                const change = now - then;
                return (
                  <tr key={category} className={category ? undefined : 'total'}>
                    <th scope="row">
                      {category ? `${category}. ${short(category)}` : t('allCategories')}
                    </th>
                    <td>{then}</td>
                    <td>{now}</td>
                    <td>
                      {change === 0 ? (
                        t('same')
                      ) : (
                        <>
                          <span aria-hidden="true">{change > 0 ? '▲' : '▼'}</span>{' '}
                          {change > 0
                            ? t('more', { count: change })
                            : t('fewer', { count: -change })}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
