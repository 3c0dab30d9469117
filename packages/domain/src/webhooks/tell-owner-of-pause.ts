import type { Mailer } from '../notifications/send-email';
import type { Db } from '../shared/context';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Tells an endpoint's owner by e-mail that it was paused (when e-mail is configured; the
 * pause is in the audit trail and on the endpoint either way). Sent after the pause commits:
 * what is lost in a crash then is this e-mail, never the pause or a delivery.
 */
export async function tellOwnerOfPause(
  db: Db,
  mailer: Mailer | null,
  endpointId: string,
): Promise<boolean> {
  if (!mailer) return false;
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
  const owner = endpoint && (await db.user.findUnique({ where: { id: endpoint.ownerId } }));
  if (!endpoint?.pausedAt || !owner || owner.disabledAt) return false;
  const link = `${mailer.settings.dashboardUrl.replace(/\/$/, '')}/api/webhooks/${endpoint.id}/deliveries`;
  const lines = [
    `Your webhook endpoint ${endpoint.url} was paused: ${endpoint.pauseReason ?? 'it kept failing'}.`,
    'Its deliveries are held, not lost. Once your receiver answers again, resume it with',
    `PATCH /api/webhooks/${endpoint.id} {"paused": false}; what was held is then sent.`,
    `Its delivery log (last status, error, latency): ${link}`,
  ];
  await mailer.send({
    to: owner.email,
    subject: `Webhook paused: ${endpoint.url}`,
    text: `${lines.join('\n')}\n`,
    html: `<!doctype html><html><body>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</body></html>`,
  });
  return true;
}
