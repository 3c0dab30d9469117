import type { Actor, Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import type { PositionContent, RequestContent } from './request-store';

/**
 * The area, organisations, parties and status version a request names exist (400 naming
 * the field otherwise), and each joint organisation is named once and is not the lead
 * organisation `lead`. The access status it led to must be one the writer may see.
 */
export async function checkRequestReferences(
  tx: Tx,
  actor: Actor,
  content: RequestContent,
  lead: string,
): Promise<void> {
  content.otherOrganizationIds.forEach((id, index) => {
    if (id === lead)
      throw AppError.invalid(
        `otherOrganizationIds.${index}`,
        'is the lead requesting organisation: name only the organisations requesting with it',
      );
    if (content.otherOrganizationIds.indexOf(id) !== index)
      throw AppError.invalid(`otherOrganizationIds.${index}`, 'names an organisation twice');
  });
  const [found] = await tx.$queryRaw<
    { area: boolean; organizations: string[]; parties: string[]; status: boolean }[]
  >`
    SELECT EXISTS (SELECT 1 FROM areas WHERE id = ${content.areaId}::uuid) AS area,
           coalesce((SELECT array_agg(id::text) FROM organizations WHERE id = ANY(${content.otherOrganizationIds}::uuid[])), '{}') AS organizations,
           coalesce((SELECT array_agg(id::text) FROM parties WHERE id = ANY(${content.neededPartyIds}::uuid[])), '{}') AS parties,
           ${content.accessStatusVersionId ?? null}::uuid IS NULL OR EXISTS (
             SELECT 1 FROM access_status_version_levels l
             WHERE l.version_id = ${content.accessStatusVersionId ?? null}::uuid AND l.level = ${actor.clearance}::"Sensitivity") AS status`;
  if (!found!.area) throw AppError.invalid('areaId', 'no area has this id');
  content.otherOrganizationIds.forEach((id, index) => {
    if (!found!.organizations.includes(id))
      throw AppError.invalid(`otherOrganizationIds.${index}`, 'no organisation has this id');
  });
  content.neededPartyIds.forEach((id, index) => {
    if (!found!.parties.includes(id))
      throw AppError.invalid(`neededPartyIds.${index}`, 'no party has this id');
  });
  if (!found!.status)
    throw AppError.invalid(
      'accessStatusVersionId',
      'no access status version you may see has this id',
    );
}

/** The parties a position's conditions name exist (400 naming the field otherwise). */
export async function checkPositionReferences(tx: Tx, content: PositionContent): Promise<void> {
  const named = content.conditions
    .map((condition) => condition.grantingPartyId)
    .filter((id): id is string => Boolean(id));
  if (named.length === 0) return;
  const [found] = await tx.$queryRaw<{ parties: string[] }[]>`
    SELECT coalesce((SELECT array_agg(id::text) FROM parties WHERE id = ANY(${named}::uuid[])), '{}') AS parties`;
  content.conditions.forEach((condition, index) => {
    if (condition.grantingPartyId && !found!.parties.includes(condition.grantingPartyId))
      throw AppError.invalid(`conditions.${index}.grantingPartyId`, 'no party has this id');
  });
}
