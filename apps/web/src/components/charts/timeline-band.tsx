import { useTranslations } from 'next-intl';
import type { TAccessStatusVersion } from '@access/contracts';
import { formatDate } from '@/lib/format';
import { STATUS_STYLE } from '@/lib/status-style';

const DAY = 86_400_000;

/**
 * One organisation's status in one area over time: a band of periods, each carrying its
 * colour, symbol and label, and a list of the same periods for screen readers.
 */
export function TimelineBand({
  versions,
  start,
  end,
  locale,
  label,
}: {
  versions: TAccessStatusVersion[];
  start: string;
  end: string;
  locale: string;
  label: string;
}) {
  const t = useTranslations('timeline');
  const tc = useTranslations('codes');
  const date = (iso: string) => formatDate(iso, locale);
  const from = Date.parse(start);
  const span = Math.max(DAY, Date.parse(end) - from);
  const position = (iso: string | null) =>
    Math.min(1, Math.max(0, ((iso ? Date.parse(iso) : Date.parse(end)) - from) / span));
  let cursor = 0;
  const pieces: { key: string; width: number; version?: TAccessStatusVersion }[] = [];
  for (const version of versions) {
    const left = position(version.validFrom);
    const right = position(version.validTo);
    if (left > cursor) pieces.push({ key: `gap-${version.id}`, width: left - cursor });
    if (right > left) pieces.push({ key: version.id, width: right - left, version });
    cursor = Math.max(cursor, right);
  }
  return (
    <div>
      <div
        className="timeline"
        role="img"
        // time runs left to right in every language, as on the charts
        dir="ltr"
        aria-label={`${label}: ${
          versions
            .map((v) =>
              v.validTo
                ? t('period', {
                    status: tc(`status.${v.status}`),
                    from: date(v.validFrom),
                    to: date(v.validTo),
                  })
                : t('since', { status: tc(`status.${v.status}`), from: date(v.validFrom) }),
            )
            .join('; ') || t('noEntries')
        }`}
      >
        {pieces.map((piece) =>
          piece.version ? (
            <div
              key={piece.key}
              className="segment"
              style={{
                width: `${piece.width * 100}%`,
                background: STATUS_STYLE[piece.version.status].color,
              }}
              title={`${tc(`status.${piece.version.status}`)}: ${date(piece.version.validFrom)} – ${piece.version.validTo ? date(piece.version.validTo) : t('now')}. ${piece.version.reason}`}
            >
              {STATUS_STYLE[piece.version.status].symbol}{' '}
              {piece.width > 0.12 ? tc(`status.${piece.version.status}`) : ''}
            </div>
          ) : (
            <div key={piece.key} style={{ width: `${piece.width * 100}%` }} title={t('gap')} />
          ),
        )}
      </div>
    </div>
  );
}
