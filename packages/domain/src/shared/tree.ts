import { AppError } from './errors';

/**
 * A new parent must exist, and walking up from it must never meet the record itself:
 * organisations and areas are trees, and a cycle would make every subtree query endless.
 */
export async function checkParent(
  id: string | null,
  parentId: string | null | undefined,
  parentOf: (id: string) => Promise<{ parentId: string | null } | null>,
  messages: { missing: string; cycle: string },
): Promise<void> {
  if (!parentId) return;
  for (let cursor: string | null = parentId, steps = 0; cursor; steps++) {
    if (cursor === id || steps > 100) throw AppError.invalid('parentId', messages.cycle);
    const parent: { parentId: string | null } | null = await parentOf(cursor);
    if (!parent) throw AppError.invalid('parentId', messages.missing);
    cursor = parent.parentId;
  }
}
