// The rule is shared with incidents: packages/domain/src/review/review-rules.ts.
export { reviewStateFor } from '../review/review-rules';
