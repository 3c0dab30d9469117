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
        aria-label={`${label}: ${versions.map((v) => `${STATUS_STYLE[v.status].label} from ${formatDate(v.validFrom, locale)}${v.validTo ? ` until ${formatDate(v.validTo, locale)}` : ''}`).join('; ') || 'no entries'}`}
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
              title={`${STATUS_STYLE[piece.version.status].label}: ${formatDate(piece.version.validFrom, locale)} – ${piece.version.validTo ? formatDate(piece.version.validTo, locale) : 'now'}. ${piece.version.reason}`}
            >
              {STATUS_STYLE[piece.version.status].symbol}{' '}
              {piece.width > 0.12 ? STATUS_STYLE[piece.version.status].label : ''}
            </div>
          ) : (
            <div
              key={piece.key}
              style={{ width: `${piece.width * 100}%` }}
              title="no entry for this period"
            />
          ),
        )}
      </div>
    </div>
  );
}
