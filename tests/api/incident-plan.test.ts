import { expect, it } from 'vitest';
import { planIncidentChange } from '../../packages/domain/src/timeline/incident-plan';

/**
 * Recording (validating a new-record proposal) decides only on what exists at the writer's
 * level: a validated version recorded above their clearance must neither refuse them (that
 * 409 told a LOW coordinator a hidden version existed; the noninterference property found
 * it) nor be replaced where it is current: the new version stops below it.
 */
it('records beside a version above the writer, stopping below it, and refuses only a version they see', () => {
  const severe = { id: 'a', sensitivity: 'SEVERE' as const, ceiling: 'SEVERE' as const };
  expect(planIncidentChange([severe], 'LOW', { kind: 'RECORD' })).toEqual({
    supersedesId: null,
    ceiling: 'HIGH',
  });
  expect(planIncidentChange([], 'LOW', { kind: 'RECORD' })).toEqual({
    supersedesId: null,
    ceiling: 'SEVERE',
  });
  const low = { id: 'b', sensitivity: 'LOW' as const, ceiling: 'SEVERE' as const };
  expect(() => planIncidentChange([low], 'LOW', { kind: 'RECORD' })).toThrow(/already recorded/);
});
