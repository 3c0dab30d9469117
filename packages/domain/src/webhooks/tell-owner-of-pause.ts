import { notificationMessages } from '../notifications/messages';
import type { Mailer } from '../notifications/send-email';
import type { Db } from '../shared/context';
import { pauseExistsAt } from './webhook-pause';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Tells an endpoint's owner by e-mail that it was paused (when e-mail is configured; the
 * pause is in the audit trail and on the endpoint either way), in the owner's language
 * (users.locale, as the notification e-mails: messages.ts), the time in it too (UTC). Sent
 * after the pause commits: what is lost in a crash then is this e-mail, never the pause or
 * a delivery. It tells of the pause as it then stands (one a lower failure has lowered
 * meanwhile is told as lowered: each pause calls this once it commits).
 */
export async function tellOwnerOfPause(
  db: Db,
  mailer: Mailer | null,
  endpointId: string,
): Promise<boolean> {
  if (!mailer) return false;
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
  const owner = endpoint && (await db.user.findUnique({ where: { id: endpoint.ownerId } }));
  // the pause as the owner sees it (webhook-pause.ts): if their clearance was lowered below
  // it since its deliveries were made, it does not exist for them, nor may an e-mail tell of it
  if (!endpoint?.pausedAt || !owner || owner.disabledAt) return false;
  if (!pauseExistsAt(endpoint, owner.clearance)) return false;
  const messages = notificationMessages(owner.locale);
  const when = `${new Intl.DateTimeFormat(messages.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(endpoint.pausedAt)} UTC`;
  const link = `${mailer.settings.dashboardUrl.replace(/\/$/, '')}/api/webhooks/${endpoint.id}/deliveries`;
  const resume = `PATCH /api/webhooks/${endpoint.id} {"paused": false}`;
  const lines = [
    messages.webhookPaused(endpoint.url, when),
    messages.webhookHeld,
    `${messages.webhookResume} ${resume}`,
    `${messages.webhookLog} ${link}`,
  ];
  const dir = messages.locale === 'ar' ? 'rtl' : 'ltr';
  await mailer.send({
    to: owner.email,
    subject: messages.webhookPausedSubject(endpoint.url),
    text: `${lines.join('\n')}\n`,
    // addresses and the request to send stay left-to-right inside right-to-left text
    html: `<!doctype html><html lang="${messages.locale}" dir="${dir}"><body>
<p>${escapeHtml(messages.webhookPaused(endpoint.url, when))}</p>
<p>${escapeHtml(messages.webhookHeld)}</p>
<p>${escapeHtml(messages.webhookResume)} <code dir="ltr">${escapeHtml(resume)}</code></p>
<p>${escapeHtml(messages.webhookLog)} <a dir="ltr" href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
</body></html>`,
    headers: { 'Content-Language': messages.locale },
  });
  return true;
}
