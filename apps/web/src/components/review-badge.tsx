import { useTranslations } from 'next-intl';
import type { TReviewState } from '@access/contracts';

/** Where an entry stands in review, as a shape (not colour alone) beside its words (codes.reviewState). */
export const REVIEW_STYLE: Record<TReviewState, { symbol: string }> = {
  DRAFT: { symbol: '✎' },
  SUBMITTED: { symbol: '→' },
  RETURNED: { symbol: '↩' },
  VALIDATED: { symbol: '✓' },
};

export function ReviewBadge({ state }: { state: TReviewState }) {
  const style = REVIEW_STYLE[state];
  const t = useTranslations('codes');
  return (
    <span className="review-badge" data-state={state}>
      <span aria-hidden="true">{style.symbol}</span> {t(`reviewState.${state}`)}
    </span>
  );
}
