import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';

const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;

// Through the dashboard's port, as a browser or a script on the network reaches /api.
describe.skipIf(!hasChromium)('a forged X-Forwarded-For sent to the dashboard', () => {
  beforeAll(async () => {
    d = await startDashboard({ demo: false });
  }, 120_000);
  afterAll(() => d?.close());

  const signInThroughDashboard = (email: string, forwardedFor: string) =>
    fetch(`${d.url}/api/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': forwardedFor,
        'x-forwarded-host': 'evil.example',
      },
      body: JSON.stringify({ email, password: 'a-wrong-password' }),
    });

  it('neither spreads sign-in attempts over addresses (the per-address limit trips) nor reaches the audit trail', async () => {
    const forged = Array.from({ length: 21 }, (_, i) => `203.0.113.${i + 1}`);
    const statuses: number[] = [];
    // A different account each time, so that only the per-address limit can trip.
    for (const [i, address] of forged.entries())
      statuses.push((await signInThroughDashboard(`nobody-${i}@test.local`, address)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);

    const recorded = await d.t.db.auditEvent.findMany({
      where: { action: 'auth.login_failed' },
      select: { clientAddress: true },
    });
    expect(recorded).toHaveLength(20);
    // The address of the connection the dashboard received (this test, on loopback).
    expect(new Set(recorded.map((event) => event.clientAddress))).toEqual(new Set(['127.0.0.1']));
  });
});
