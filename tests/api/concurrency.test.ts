import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { addDays } from '@access/domain';

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

/**
 * The rules a pair's current timelines must obey, whatever happened concurrently: at every
 * level, no two periods start on the same day, periods never overlap, and the kept
 * timelines are exactly what access_timeline() derives from the history.
 */
async function checkTimeline(organizationId: string, areaId: string) {
  const timeline = (level: string, table: 'kept' | 'derived') =>
    t.sql<{ id: string; valid_from: string; valid_to: string | null }>(
      table === 'kept'
        ? `SELECT id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM current_access_statuses
           WHERE level = $3 AND organization_id = $1 AND area_id = $2 ORDER BY valid_from, recorded_at, id`
        : `SELECT id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to
           FROM access_timeline($3, 'infinity', ARRAY[$1::uuid], ARRAY[$2::uuid]) ORDER BY valid_from, recorded_at, id`,
      [organizationId, areaId, level],
    );
  let severe: { valid_from: string; valid_to: string | null }[] = [];
  for (const level of ['LOW', 'MODERATE', 'HIGH', 'SEVERE']) {
    const { rows } = await timeline(level, 'kept');
    expect(rows, `kept = derived at ${level}`).toEqual((await timeline(level, 'derived')).rows);
    expect(new Set(rows.map((row) => row.valid_from)).size, 'one period per start').toBe(
      rows.length,
    );
    for (let index = 1; index < rows.length; index++) {
      expect(rows[index - 1]!.valid_to! <= rows[index]!.valid_from, 'periods never overlap').toBe(
        true,
      );
    }
    if (level === 'SEVERE') severe = rows;
  }
  return severe;
}

describe('concurrent writers', () => {
  it('100 writers recording on the same pairs at once leave every timeline valid, each answered 201 or 409', async () => {
    const organization = await makeOrganization(t.db);
    const areas = [await makeArea(t.db), await makeArea(t.db)];
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        coordinator.post(
          '/api/access-statuses',
          statusBody(organization.id, areas[index % 2]!.id, {
            status: index % 3 ? 'DENIED' : 'FULL',
            validFrom: addDays('2024-01-01', index),
          }),
        ),
      ),
    );
    const unexpected = responses.filter(
      (response) => response.statusCode !== 201 && response.statusCode !== 409,
    );
    expect(unexpected.map((response) => `${response.statusCode} ${response.body}`)).toEqual([]);
    expect(responses.some((response) => response.statusCode === 201)).toBe(true);
    for (const area of areas) {
      const timeline = await checkTimeline(organization.id, area.id);
      const accepted = responses.filter(
        (response, index) => index % 2 === areas.indexOf(area) && response.statusCode === 201,
      ).length;
      expect(timeline).toHaveLength(accepted);
    }
  }, 60_000);

  it('two corrections of the same version at once: exactly one wins, the other is told someone changed it meanwhile', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const original = (
      await coordinator.post('/api/access-statuses', statusBody(organization.id, area.id))
    ).json();
    const correction = (status: string) =>
      coordinator.post(`/api/access-statuses/${original.id}/corrections`, {
        status,
        validFrom: '2024-01-01',
        reason: `make it ${status}`,
        sensitivity: 'LOW',
      });
    const outcomes = await Promise.all([
      correction('DENIED'),
      correction('FULL'),
      correction('PENDING'),
    ]);
    expect(outcomes.map((response) => response.statusCode).sort()).toEqual([201, 409, 409]);
    for (const loser of outcomes.filter((response) => response.statusCode === 409))
      expect(loser.json().error.code).toBe('VERSION_SUPERSEDED');
    expect(await checkTimeline(organization.id, area.id)).toHaveLength(1);
  });
});

describe('conditional changes (If-Match)', () => {
  it("a version's ETag changes when it is superseded; a correction or review with a stale ETag is refused with 412 and changes nothing", async () => {
    const [organization, area] = [await makeOrganization(t.db), await makeArea(t.db)];
    const recorded = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id),
    );
    expect(recorded.statusCode).toBe(201);
    const id = recorded.json().id as string;
    expect(recorded.headers.etag).toBe(`"${id}"`);
    const read = await coordinator.get(`/api/access-statuses/${id}`);
    const etag = read.headers.etag as string;
    expect(etag).toBe(`"${id}"`);

    const correction = {
      ...statusBody(organization.id, area.id, { status: 'DENIED', reason: 'First editor' }),
      terms: [],
      sources: [],
      constraintCategories: [],
    };
    delete (correction as Record<string, unknown>).organizationId;
    delete (correction as Record<string, unknown>).areaId;
    const first = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${id}/corrections`,
      payload: correction,
      headers: { 'if-match': etag },
    });
    expect(first.statusCode, first.body).toBe(201);
    const newer = first.json().id as string;
    expect((await coordinator.get(`/api/access-statuses/${id}`)).headers.etag).toBe(
      `"${id}>${newer}"`,
    );

    const before = await t.db.accessStatusVersion.count();
    const second = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${id}/corrections`,
      payload: { ...correction, reason: 'Second editor, who read the old version' },
      headers: { 'if-match': etag },
    });
    expect(second.statusCode).toBe(412);
    expect(second.json().error).toMatchObject({
      code: 'PRECONDITION_FAILED',
      details: { supersededById: newer },
    });
    expect(await t.db.accessStatusVersion.count()).toBe(before);

    // a review decides a proposal: one decided since it was read (here: returned) is refused on its stale ETag
    const proposal = (
      await coordinator.post('/api/access-statuses', {
        ...statusBody(organization.id, area.id, { validFrom: '2025-02-01' }),
        reviewState: 'SUBMITTED',
      })
    ).json();
    const proposalEtag = (await coordinator.get(`/api/access-statuses/${proposal.id}`)).headers
      .etag as string;
    expect(proposalEtag).toBe(`"${proposal.id}"`);
    await coordinator.post(`/api/access-statuses/${proposal.id}/return`, { note: 'Check it' });
    const beforeReview = await t.db.accessStatusVersion.count();
    const review = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${proposal.id}/validation`,
      payload: {},
      headers: { 'if-match': proposalEtag },
    });
    expect(review.statusCode).toBe(412);
    expect(await t.db.accessStatusVersion.count()).toBe(beforeReview);

    // The current ETag (or *) lets the change through.
    const current = (await coordinator.get(`/api/access-statuses/${newer}`)).headers.etag as string;
    const third = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${newer}/corrections`,
      payload: { ...correction, reason: 'Third' },
      headers: { 'if-match': `W/"nope", ${current}` },
    });
    expect(third.statusCode, third.body).toBe(201);
  });

  it("another organisation's editor hears 403 whatever If-Match they send; a tag naming no state is told so, not that the entry changed", async () => {
    const [organization, other, area] = [
      await makeOrganization(t.db),
      await makeOrganization(t.db),
      await makeArea(t.db),
    ];
    const id = (
      await coordinator.post('/api/access-statuses', statusBody(organization.id, area.id))
    ).json().id as string;
    const outsider = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'SEVERE', [other.id])).email,
      TEST_PASSWORD,
    );
    const correction = {
      status: 'DENIED',
      validFrom: '2025-01-01',
      reason: 'Not mine to change',
      sensitivity: 'LOW',
      terms: [],
      sources: [],
      constraintCategories: [],
    };
    const before = await t.db.accessStatusVersion.count();
    for (const tag of ['"x"', `"${id}"`, undefined]) {
      const response = await outsider.request({
        method: 'POST',
        url: `/api/access-statuses/${id}/corrections`,
        payload: correction,
        headers: tag ? { 'if-match': tag } : {},
      });
      expect(response.statusCode, `${tag}: ${response.body}`).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    const wrong = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${id}/corrections`,
      payload: correction,
      headers: { 'if-match': '"x"' },
    });
    expect(wrong.statusCode).toBe(412);
    expect(wrong.json().error.message).toContain('names no state of this entry');
    expect(wrong.json().error.message).not.toContain('changed meanwhile');
    // If-Match compares strongly (RFC 9110): the current tag marked weak does not match
    const weak = await coordinator.request({
      method: 'POST',
      url: `/api/access-statuses/${id}/corrections`,
      payload: correction,
      headers: { 'if-match': `W/"${id}"` },
    });
    expect(weak.statusCode).toBe(412);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });
});
