/**
 * Short names of OCHA's nine constraint categories, for chart panels and table heads (the
 * full name, from the contracts' codes, goes beside them). Kept apart from incident-text.ts
 * so the overview's chart does not pull the contracts' schemas into the browser.
 */
export const CATEGORY_SHORT: Record<number, string> = {
  1: 'Needs denied',
  2: 'Access to services',
  3: 'Entry impeded',
  4: 'Movement restricted',
  5: 'Interference',
  6: 'Violence vs. aid',
  7: 'Insecurity',
  8: 'Explosive hazards',
  9: 'Physical',
};
