import { ACCESS_STATUS_LABELS, type TAccessStatusCode, type TTrend } from '@access/contracts/codes';

/**
 * Okabe–Ito colours (safe for the common colour-vision deficiencies), and for each
 * status a pattern and a symbol too: colour never carries the meaning alone.
 */
export const STATUS_STYLE: Record<
  TAccessStatusCode,
  {
    color: string;
    symbol: string;
    label: string;
    pattern: 'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical';
  }
> = {
  FULL: { color: '#009E73', symbol: '✓', label: ACCESS_STATUS_LABELS.FULL, pattern: 'solid' },
  CONSTRAINED: {
    color: '#E69F00',
    symbol: '◐',
    label: ACCESS_STATUS_LABELS.CONSTRAINED,
    pattern: 'diagonal',
  },
  PENDING: { color: '#56B4E9', symbol: '…', label: ACCESS_STATUS_LABELS.PENDING, pattern: 'dots' },
  DENIED: { color: '#D55E00', symbol: '✕', label: ACCESS_STATUS_LABELS.DENIED, pattern: 'cross' },
  SUSPENDED: {
    color: '#CC79A7',
    symbol: '‖',
    label: ACCESS_STATUS_LABELS.SUSPENDED,
    pattern: 'vertical',
  },
  UNKNOWN: {
    color: '#999999',
    symbol: '?',
    label: ACCESS_STATUS_LABELS.UNKNOWN,
    pattern: 'horizontal',
  },
};

export const TREND_STYLE: Record<TTrend, { symbol: string; label: string }> = {
  IMPROVED: { symbol: '▲', label: 'Improved' },
  DETERIORATED: { symbol: '▼', label: 'Deteriorated' },
  STABLE: { symbol: '■', label: 'Stable' },
  NEW: { symbol: '●', label: 'New entry' },
  UNCLEAR: { symbol: '◆', label: 'Unclear (information gap)' },
};
