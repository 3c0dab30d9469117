import { useRequestText } from '@/lib/request-text';
import type { TConsentPositionVersion } from '@access/contracts';
import { formatDate } from '@/lib/format';
import { stanceLook } from '@/lib/request-style';
import styles from './requests.module.css';

const DAY = 86_400_000;

/**
 * Each needed party's positions over time, one band per party (the status timeline's
 * pattern: each period carries its pattern, symbol and label, and the band has the same
 * periods in words for screen readers). Before a party's first position: no fill.
 */
export function ConsentTimeline({
  parties,
  positions,
  start,
  end,
  locale,
}: {
  parties: TConsentPositionVersion['party'][];
  positions: TConsentPositionVersion[];
  start: string;
  end: string;
  locale: string;
}) {
  const t = useRequestText();
  const from = Date.parse(start);
  const span = Math.max(DAY, Date.parse(end) + DAY - from);
  const at = (iso: string | null) =>
    Math.min(1, Math.max(0, ((iso ? Date.parse(iso) : Date.parse(end) + DAY) - from) / span));
  return (
    <div>
      <div className="timeline-axis" aria-hidden="true">
        <span>{formatDate(start, locale)}</span>
        <span>{formatDate(end, locale)}</span>
      </div>
      {parties.map((party) => {
        const own = positions.filter((position) => position.party.id === party.id);
        const words = own
          .map((position) =>
            position.until
              ? t('timeline.periodUntil', {
                  stance: t(`stance.${position.stance}`),
                  from: formatDate(position.statedOn, locale),
                  until: formatDate(position.until, locale),
                })
              : t('timeline.period', {
                  stance: t(`stance.${position.stance}`),
                  from: formatDate(position.statedOn, locale),
                }),
          )
          .join('; ');
        let cursor = 0;
        const pieces: { key: string; width: number; position?: TConsentPositionVersion }[] = [];
        for (const position of own) {
          const left = at(position.statedOn);
          const right = at(position.until);
          if (left > cursor) pieces.push({ key: `gap-${position.id}`, width: left - cursor });
          if (right > left) pieces.push({ key: position.id, width: right - left, position });
          cursor = Math.max(cursor, right);
        }
        return (
          <div key={party.id} className={styles.partyTimeline} data-party-id={party.id}>
            <strong>{party.name}</strong>
            <div
              className="timeline"
              role="img"
              aria-label={`${party.name}: ${words || t('timeline.none')}`}
            >
              {pieces.map((piece) => {
                if (!piece.position)
                  return <div key={piece.key} style={{ width: `${piece.width * 100}%` }} />;
                const look = stanceLook(piece.position.stance);
                const label = t(`stance.${piece.position.stance}`);
                return (
                  <div
                    key={piece.key}
                    className={`segment ${styles.segment} ${look.fill}`}
                    style={{ width: `${piece.width * 100}%` }}
                    title={`${label}: ${formatDate(piece.position.statedOn, locale)}`}
                  >
                    {look.symbol} {piece.width > 0.18 ? label : ''}
                  </div>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
