import { useTranslations } from 'next-intl';
import { ACCESS_STATUSES, type TAccessStatusCode } from '@access/contracts/codes';
import { STATUS_STYLE } from '@/lib/status-style';

/** SVG fill patterns per status, so shapes and fills differ, not only colours. */
export function StatusPatternDefs({ idPrefix = 'status' }: { idPrefix?: string }) {
  return (
    <defs>
      {ACCESS_STATUSES.map((status) => {
        const { color, pattern } = STATUS_STYLE[status];
        const id = `${idPrefix}-${status}`;
        return (
          <pattern key={status} id={id} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={color} opacity={pattern === 'solid' ? 1 : 0.85} />
            {pattern === 'diagonal' && (
              <path
                d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4"
                stroke="#1a1a1a"
                strokeWidth="1.2"
                opacity="0.55"
              />
            )}
            {pattern === 'dots' && <circle cx="4" cy="4" r="1.6" fill="#1a1a1a" opacity="0.55" />}
            {pattern === 'cross' && (
              <path d="M0,0 l8,8 M8,0 l-8,8" stroke="#1a1a1a" strokeWidth="1.2" opacity="0.55" />
            )}
            {pattern === 'vertical' && (
              <path d="M2,0 v8 M6,0 v8" stroke="#1a1a1a" strokeWidth="1.2" opacity="0.5" />
            )}
            {pattern === 'horizontal' && (
              <path d="M0,2 h8 M0,6 h8" stroke="#1a1a1a" strokeWidth="1.2" opacity="0.5" />
            )}
          </pattern>
        );
      })}
    </defs>
  );
}

/**
 * A small square in the status's pattern (the CSS twin of the chart's, `.status-fill-*` in
 * globals.css), with its symbol and label: for legends, tables, the feed and the filters. CSS,
 * not an SVG pattern, so a badge inside folded content never blanks the others (an SVG
 * pattern referenced by id does not paint from a hidden subtree).
 */
export function StatusBadge({
  status,
  compact = false,
}: {
  status: TAccessStatusCode;
  compact?: boolean;
}) {
  const style = STATUS_STYLE[status];
  const label = useTranslations('codes')(`status.${status}`);
  return (
    <span className="status-badge" data-status={status} title={label}>
      <span className={`swatch status-fill-${status}`} aria-hidden="true" />
      <span aria-hidden="true">{style.symbol}</span>
      {compact ? <span className="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}
