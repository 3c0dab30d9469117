import { useTranslations } from 'next-intl';
import type { TReviewState } from '@access/contracts';

/** Where an entry stands in review, in words and a shape (not colour alone). */
export const REVIEW_STYLE: Record<TReviewState, { label: string; symbol: string }> = {
  DRAFT: { label: 'Draft', symbol: '✎' },
  SUBMITTED: { label: 'Waiting for review', symbol: '→' },
  RETURNED: { label: 'Returned: needs your action', symbol: '↩' },
  VALIDATED: { label: 'Validated', symbol: '✓' },
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
