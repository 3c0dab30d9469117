import { recordAccessStatus } from '../access-statuses/record-access-status';
import { createArea } from '../areas/save-area';
import { actorOfUser } from '../auth/actor-of-user';
import { createOrganization } from '../organizations/save-organization';
import { createParty } from '../parties/parties';
import { createAccessRequest } from '../requests/create-access-request';
import { recordConsentPosition } from '../requests/record-consent-position';
import type { Db, RequestContext } from '../shared/context';
import { createUser } from '../users/users';
import {
  DEMO_AREAS,
  DEMO_ORGANIZATIONS,
  DEMO_PARTIES,
  DEMO_PASSWORD,
  DEMO_REQUESTS,
  DEMO_SOURCE,
  DEMO_STATUSES,
  DEMO_USERS,
} from './demo-data';

/**
 * Loads the demo data set through the same use-cases people use, so it is real history
 * with an audit trail. Idempotent: what exists already is left alone.
 */
export async function seedDemoData(
  db: Db,
  log: (line: string) => void = () => {},
  options: { statuses?: boolean } = {},
): Promise<{ created: number }> {
  let created = 0;
  const system: RequestContext = { actor: null, requestId: 'seed' };

  const userIds = new Map<string, string>();
  const adminSpec = DEMO_USERS.find((user) => user.role === 'ADMIN')!;
  const ensureUser = async (
    spec: (typeof DEMO_USERS)[number],
    organizationIds: string[],
    ctx: RequestContext,
    bootstrap: boolean,
  ) => {
    const existing = await db.user.findUnique({ where: { email: spec.email } });
    if (existing) return existing.id;
    created++;
    const { organizations: _names, ...fields } = spec;
    return (
      await createUser(
        db,
        ctx,
        { ...fields, password: DEMO_PASSWORD, organizationIds },
        { bootstrap },
      )
    ).id;
  };
  userIds.set(adminSpec.email, await ensureUser(adminSpec, [], system, true));
  const admin: RequestContext = {
    actor: await actorOfUser(db, userIds.get(adminSpec.email)!),
    requestId: 'seed',
  };

  const partyIds = new Map<string, string>();
  for (const party of DEMO_PARTIES) {
    const existing = await db.party.findUnique({ where: { name: party.name } });
    if (!existing) created++;
    partyIds.set(party.name, existing?.id ?? (await createParty(db, admin, party)).id);
  }
  const organizationIds = new Map<string, string>();
  for (const organization of DEMO_ORGANIZATIONS) {
    const existing = await db.organization.findUnique({ where: { name: organization.name } });
    if (!existing) created++;
    organizationIds.set(
      organization.name,
      existing?.id ?? (await createOrganization(db, admin, organization)).id,
    );
  }
  const areaIds = new Map<string, string>();
  for (const { key, parentKey, ...area } of DEMO_AREAS) {
    const defaultName = area.names.find((name) => name.isDefault)!.name;
    const existing = await db.area.findFirst({ where: { name: defaultName, kind: area.kind } });
    if (!existing) created++;
    areaIds.set(
      key,
      existing?.id ??
        (
          await createArea(db, admin, {
            ...area,
            parentId: parentKey ? areaIds.get(parentKey) : null,
          })
        ).id,
    );
  }
  for (const spec of DEMO_USERS.filter((user) => user !== adminSpec)) {
    userIds.set(
      spec.email,
      await ensureUser(
        spec,
        spec.organizations.map((name) => organizationIds.get(name)!),
        admin,
        false,
      ),
    );
  }

  const coordinator: RequestContext = {
    actor: await actorOfUser(db, userIds.get('coordinator@demo.local')!),
    requestId: 'seed',
  };
  // Reference data and accounts only, when asked (e.g. to import a report into a fresh database).
  for (const { organization, areaKey, terms, ...status } of options.statuses === false
    ? []
    : DEMO_STATUSES) {
    const organizationId = organizationIds.get(organization)!;
    const areaId = areaIds.get(areaKey)!;
    if (
      await db.accessStatusVersion.findFirst({
        where: { organizationId, areaId },
        select: { id: true },
      })
    )
      continue;
    created++;
    await recordAccessStatus(db, coordinator, {
      ...status,
      organizationId,
      areaId,
      reviewState: 'VALIDATED',
      terms: terms.map(({ party, ...term }) => ({
        ...term,
        grantingPartyId: party ? partyIds.get(party)! : null,
      })),
      sources: [DEMO_SOURCE],
    });
  }
  for (const { positions, ...request } of options.statuses === false ? [] : DEMO_REQUESTS) {
    // one request of a kind per organisation and area (a database migrated from the
    // "proposed mission" organisations has them already: 20261127080100)
    const existing = await db.accessRequestVersion.findFirst({
      where: {
        kind: request.kind,
        areaId: areaIds.get(request.areaKey)!,
        request: { organizationId: organizationIds.get(request.organization)! },
      },
      select: { id: true },
    });
    if (existing) continue;
    created++;
    const linked = request.status
      ? await db.accessStatusVersion.findFirst({
          where: {
            organizationId: organizationIds.get(request.status.organization)!,
            areaId: areaIds.get(request.status.areaKey)!,
            reviewState: 'VALIDATED',
          },
          orderBy: { recordedAt: 'asc' },
          select: { id: true },
        })
      : null;
    const { requestId } = await createAccessRequest(db, coordinator, {
      organizationId: organizationIds.get(request.organization)!,
      otherOrganizationIds: request.otherOrganizations.map((name) => organizationIds.get(name)!),
      kind: request.kind,
      areaId: areaIds.get(request.areaKey)!,
      requestedOn: request.requestedOn,
      periodFrom: request.periodFrom ?? null,
      periodTo: request.periodTo ?? null,
      purpose: request.purpose,
      neededPartyIds: request.parties.map((name) => partyIds.get(name)!),
      accessStatusVersionId: linked?.id ?? null,
      sources: [DEMO_SOURCE],
      sensitivity: request.sensitivity,
      reviewState: 'VALIDATED',
    });
    for (const { party, conditions, ...position } of positions) {
      await recordConsentPosition(db, coordinator, requestId, {
        ...position,
        partyId: partyIds.get(party)!,
        conditions: (conditions ?? []).map(({ party: granting, ...term }) => ({
          ...term,
          grantingPartyId: granting ? partyIds.get(granting)! : null,
        })),
        sources: [DEMO_SOURCE],
        reviewState: 'VALIDATED',
      });
    }
  }
  log(created > 0 ? `Demo data: ${created} records created` : 'Demo data: already present');
  return { created };
}
