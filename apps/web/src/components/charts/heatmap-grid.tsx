'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ACCESS_STATUSES } from '@access/contracts/codes';
import { direction } from '@/i18n/locales';
import { STATUS_STYLE } from '@/lib/status-style';

/** One cell: organisation index, area index, status index (ACCESS_STATUSES), severity or -1. */
export type CompactCell = [number, number, number, number];

interface Props {
  organizations: { id: string; name: string; label: string }[];
  areas: { id: string; name: string }[];
  cells: CompactCell[];
  /** kept by the link to a pair's history */
  knownOn?: string;
}

/**
 * The heatmap's grid (ARIA grid: one tab stop, arrow keys move, Enter opens the pair's
 * history). Drawn from compact rows, with short cells (a pattern, a symbol, the status as
 * the cell's name), so a 30 × 20 heatmap stays a few kB of HTML; the focused or hovered
 * cell's detail (organisation, area, status, severity) shows beside it and is announced.
 */
export function HeatmapGrid({ organizations, areas, cells, knownOn }: Props) {
  const router = useRouter();
  const t = useTranslations('heatmap');
  const tc = useTranslations('codes');
  // right to left, the next area is to the left: the arrows follow what the reader sees
  const forward = direction(useLocale()) === 'rtl' ? -1 : 1;
  const byPosition = new Map(cells.map((cell) => [cell[0] * areas.length + cell[1], cell]));
  const first = cells[0] ? [cells[0][0], cells[0][1]] : [0, 0];
  const [active, setActive] = useState<[number, number]>([first[0]!, first[1]!]);
  const [shown, setShown] = useState(false);
  /** where the detail shows: under the active cell, within the scrolling box */
  const [spot, setSpot] = useState<{ left: number; top: number } | null>(null);
  const place = (cell: HTMLElement) =>
    setSpot({
      left: cell.offsetLeft + cell.offsetWidth / 2,
      top: cell.offsetTop + cell.offsetHeight,
    });
  const moved = useRef(false);
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    // the body's row, after the row header: cells carry no position of their own (600 cells' bytes)
    table.current?.tBodies[0]?.rows[active[0]]?.cells[active[1] + 1]?.focus();
  }, [active]);

  const historyOf = (row: number, column: number) => {
    const query = new URLSearchParams({
      organizationId: organizations[row]!.id,
      areaId: areas[column]!.id,
    });
    if (knownOn) query.set('knownOn', knownOn);
    return `/history?${query}`;
  };

  function onKeyDown(event: KeyboardEvent<HTMLTableCellElement>) {
    const [row, column] = active;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row - 1, column],
      ArrowDown: [row + 1, column],
      ArrowLeft: [row, column - forward],
      ArrowRight: [row, column + forward],
      Home: [row, 0],
      End: [row, areas.length - 1],
    };
    const next = moves[event.key];
    if (next) {
      event.preventDefault();
      const [r, c] = next;
      if (r >= 0 && r < organizations.length && c >= 0 && c < areas.length) {
        moved.current = true;
        setActive([r, c]);
      }
    } else if (event.key === 'Enter' && byPosition.has(row * areas.length + column)) {
      event.preventDefault();
      router.push(historyOf(row, column));
    }
  }

  const activeCell = byPosition.get(active[0] * areas.length + active[1]);
  const where = {
    organization: organizations[active[0]]?.name ?? '',
    area: areas[active[1]]?.name ?? '',
  };
  const detail = !activeCell
    ? t('detailEmpty', where)
    : activeCell[3] >= 0
      ? t('detailSeverity', {
          ...where,
          status: tc(`status.${ACCESS_STATUSES[activeCell[2]]!}`),
          severity: activeCell[3],
        })
      : t('detail', { ...where, status: tc(`status.${ACCESS_STATUSES[activeCell[2]]!}`) });

  return (
    <>
      <div className="table-scroll">
        <table
          className="heatmap"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table made a WAI-ARIA grid: one tab stop, arrow keys between cells
          role="grid"
          ref={table}
          aria-describedby="heatmap-detail"
          onFocus={() => setShown(true)}
          onBlur={() => setShown(false)}
        >
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="org">
                {t('organization')}
              </th>
              {areas.map((area) => (
                <th scope="col" className="rotate" key={area.id}>
                  <div>
                    <Link href={`/areas/${area.id}`}>{area.name}</Link>
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {organizations.map((organization, row) => (
              <tr key={organization.id}>
                <th scope="row" className="org">
                  <Link href={`/organizations/${organization.id}`} title={organization.name}>
                    {organization.label}
                  </Link>
                </th>
                {areas.map((area, column) => {
                  const cell = byPosition.get(row * areas.length + column);
                  const isActive = active[0] === row && active[1] === column;
                  const status = cell ? ACCESS_STATUSES[cell[2]]! : null;
                  return (
                    <td
                      key={area.id}
                      className={status ? `status-fill-${status}` : undefined}
                      aria-label={status ? tc(`status.${status}`) : t('noEntry')}
                      tabIndex={isActive ? 0 : undefined}
                      onKeyDown={isActive ? onKeyDown : undefined}
                      onFocus={(event) => {
                        setActive([row, column]);
                        place(event.currentTarget);
                      }}
                      onMouseEnter={(event) => {
                        setActive([row, column]);
                        place(event.currentTarget);
                        setShown(true);
                      }}
                      onMouseLeave={() => setShown(false)}
                      onClick={() => status && router.push(historyOf(row, column))}
                    >
                      {status && <span aria-hidden="true">{STATUS_STYLE[status].symbol}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {shown && spot && (
          <span className="cell-detail" aria-hidden="true" style={spot}>
            {detail}
          </span>
        )}
      </div>
      <p id="heatmap-detail" className="muted small" aria-live="polite">
        {shown ? detail : t('hint')}
      </p>
    </>
  );
}
