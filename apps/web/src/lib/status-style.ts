import type { TAccessStatusCode, TTrend } from '@access/contracts/codes';

/**
 * Okabe–Ito colours (safe for the common colour-vision deficiencies), and for each
 * status a pattern and a symbol too: colour never carries the meaning alone. Their words are
 * the catalogues' (codes.status, codes.trend), in the reader's language.
 */
export const STATUS_STYLE: Record<
  TAccessStatusCode,
  {
    color: string;
    symbol: string;
    pattern: 'solid' | 'diagonal' | 'dots' | 'cross' | 'horizontal' | 'vertical';
  }
> = {
  FULL: { color: '#009E73', symbol: '✓', pattern: 'solid' },
  CONSTRAINED: {
    color: '#E69F00',
    symbol: '◐',
    pattern: 'diagonal',
  },
  PENDING: { color: '#56B4E9', symbol: '…', pattern: 'dots' },
  DENIED: { color: '#D55E00', symbol: '✕', pattern: 'cross' },
  SUSPENDED: {
    color: '#CC79A7',
    symbol: '‖',
    pattern: 'vertical',
  },
  UNKNOWN: {
    color: '#999999',
    symbol: '?',
    pattern: 'horizontal',
  },
};

export const TREND_STYLE: Record<TTrend, { symbol: string }> = {
  IMPROVED: { symbol: '▲' },
  DETERIORATED: { symbol: '▼' },
  STABLE: { symbol: '■' },
  NEW: { symbol: '●' },
  UNCLEAR: { symbol: '◆' },
};
