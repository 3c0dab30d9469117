import { describe, expect, it } from 'vitest';
import { databaseBeforeMigration } from '../support/migration-harness';

const THIS_MIGRATION = '20261130120000_webhook_pause_sensitivity';
const database = databaseBeforeMigration(THIS_MIGRATION, 'webhook_pause');

const AUTOMATIC = 'failing for 24 h or more with no delivery: paused automatically';

describe(`migration ${THIS_MIGRATION}`, () => {
  it("gives a person's pause LOW and one the failures set its webhook.pause event's sensitivity (SEVERE when the trail has none), sends again what was held below the pause, and keeps a pause's time and level together", async () => {
    const { client } = database;
    const endpoint = async (pauseReason: string | null) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO webhook_endpoints (id, owner_id, url, events, secret, area_ids, organization_ids, paused_at, pause_reason)
           VALUES (gen_random_uuid(), gen_random_uuid(), 'https://hooks.example.org/in', '{*}', 'a-long-enough-secret', '{}', '{}',
                   CASE WHEN $1::text IS NULL THEN NULL ELSE now() END, $1) RETURNING id::text`,
          [pauseReason],
        )
      ).rows[0]!.id;
    const pauseEvent = (endpointId: string, sensitivity: string) =>
      client.query(
        `INSERT INTO audit_events (action, entity_type, entity_id, after, sensitivity)
         VALUES ('webhook.pause', 'webhook', $1, '{}', $2::"Sensitivity")`,
        [endpointId, sensitivity],
      );
    const delivery = async (endpointId: string, sensitivity: string, state: string) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, payload, sensitivity, state, enqueued_at)
           VALUES (gen_random_uuid(), $1::uuid, gen_random_uuid()::text, 'access_status.recorded', '{}',
                   $2::"Sensitivity", $3::"WebhookDeliveryState", now()) RETURNING id::text`,
          [endpointId, sensitivity, state],
        )
      ).rows[0]!.id;

    const byPerson = await endpoint('paused by Ann Admin');
    const failedModerate = await endpoint(AUTOMATIC);
    // an earlier pause, resumed since, and the one that holds now
    await pauseEvent(failedModerate, 'SEVERE');
    await pauseEvent(failedModerate, 'MODERATE');
    const failedUntold = await endpoint(AUTOMATIC);
    const active = await endpoint(null);
    const deliveries = {
      personLow: await delivery(byPerson, 'LOW', 'HELD'),
      low: await delivery(failedModerate, 'LOW', 'HELD'),
      moderate: await delivery(failedModerate, 'MODERATE', 'HELD'),
      severe: await delivery(failedModerate, 'SEVERE', 'HELD'),
      delivered: await delivery(failedModerate, 'LOW', 'DELIVERED'),
      untoldHigh: await delivery(failedUntold, 'HIGH', 'HELD'),
      activeHeld: await delivery(active, 'LOW', 'HELD'),
    };
    await database.apply();

    const { rows: endpoints } = await client.query<{ id: string; paused_sensitivity: string }>(
      'SELECT id::text, paused_sensitivity::text FROM webhook_endpoints',
    );
    expect(Object.fromEntries(endpoints.map((row) => [row.id, row.paused_sensitivity]))).toEqual({
      [byPerson]: 'LOW',
      [failedModerate]: 'MODERATE',
      [failedUntold]: 'SEVERE',
      [active]: null,
    });
    const { rows } = await client.query<{ id: string; state: string; queued: boolean }>(
      'SELECT id::text, state::text, enqueued_at IS NOT NULL AS queued FROM webhook_deliveries',
    );
    const states = Object.fromEntries(rows.map((row) => [row.id, [row.state, row.queued]]));
    expect(
      Object.fromEntries(Object.entries(deliveries).map(([name, id]) => [name, states[id]])),
    ).toEqual({
      personLow: ['HELD', true],
      // below the MODERATE pause: back to the dispatcher
      low: ['PENDING', false],
      moderate: ['HELD', true],
      severe: ['HELD', true],
      delivered: ['DELIVERED', true],
      // a pause the trail does not tell of is SEVERE: what it held below goes again
      untoldHigh: ['PENDING', false],
      activeHeld: ['PENDING', false],
    });
    // a pause's time and level go together
    await expect(
      client.query('UPDATE webhook_endpoints SET paused_sensitivity = NULL WHERE id = $1', [
        byPerson,
      ]),
    ).rejects.toThrow(/webhook_endpoints_pause_check/);
    await expect(
      client.query(`UPDATE webhook_endpoints SET paused_sensitivity = 'LOW' WHERE id = $1`, [
        active,
      ]),
    ).rejects.toThrow(/webhook_endpoints_pause_check/);
  });
});
