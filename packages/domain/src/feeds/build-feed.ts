import { Feed } from 'feed';
import {
  FEED_ENTRIES,
  ZChangeListQuery,
  type TChange,
  type TIncidentVersion,
} from '@access/contracts';
import { listChanges } from '../access-statuses/list-changes';
import { incidentFilterSql, visibleIncidentVersionsSql } from '../incidents/incident-sql';
import { loadIncidentVersions } from '../incidents/incident-view';
import { requireActor, type Actor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';

export interface FeedAddresses {
  /** the feed's own address, without any token */
  self: string;
  /** the dashboard's address (DASHBOARD_URL), for links to records */
  site: string;
}

type Subject = { kind: 'area' | 'organization'; id: string };

/** The latest incidents the reader sees (incident-sql.ts), by when they were recorded. */
async function latestIncidents(
  db: Db,
  actor: Actor,
  subject: Subject,
): Promise<TIncidentVersion[]> {
  const filters =
    subject.kind === 'area' ? { areaId: subject.id } : { organizationId: [subject.id] };
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT v.id::text FROM ${visibleIncidentVersionsSql(actor)} v WHERE ${incidentFilterSql(filters)}
    ORDER BY v.recorded_at DESC, v.id DESC LIMIT ${FEED_ENTRIES}`;
  return loadIncidentVersions(
    db,
    actor,
    rows.map((row) => row.id),
  );
}

interface Entry {
  id: string;
  title: string;
  link: string;
  date: Date;
  content: string;
  author: string;
}

const changeEntry = (change: TChange, site: string): Entry => {
  const organization = change.organization.acronym ?? change.organization.name;
  const was = change.previousStatus ? `${change.previousStatus} → ` : '';
  return {
    id: `urn:uuid:${change.versionId}`,
    title: `${organization} in ${change.area.name}: ${was}${change.status}${change.changeKind === 'CORRECTION' ? ' (correction)' : ''}`,
    link: `${site}/history?organizationId=${change.organization.id}&areaId=${change.area.id}&version=${change.versionId}#v-${change.versionId}`,
    date: new Date(change.recordedAt),
    content: `${change.status} from ${change.validFrom} (${change.trend}). ${change.reason}`,
    author: change.recordedBy.displayName,
  };
};

const incidentEntry = (incident: TIncidentVersion, site: string): Entry => ({
  id: `urn:uuid:${incident.id}`,
  title: `Incident in ${incident.area.name} on ${incident.occurredOn}: category ${incident.category}, ${incident.subType}`,
  link: `${site}/incidents/${incident.incidentId}`,
  date: new Date(incident.recordedAt),
  content: incident.description,
  author: incident.organization.name,
});

/**
 * An Atom feed of the latest changes (status records and corrections, incidents) in an
 * area with its sub-areas, or of an organisation, as the reader sees them: the list of
 * changes and the incidents go through the one visibility rule of the reader's clearance,
 * so a feed holds nothing they could not read in the API. Deterministic for a given state
 * (its `updated` is the latest entry's time, or the subject's creation), so a reader
 * polling it learns nothing from the feed itself.
 */
/**
 * Text as the feed writer may put it in a CDATA section. The `feed` package's writer
 * (xml-js) splits only the first `]]>` of a text, so a second one in a reason ended the
 * section and let the rest be read as XML (a forged entry in every reader's feed): every
 * `]]>` is broken with an invisible word joiner first, so the section never ends early.
 */
export const cdataSafe = (text: string): string => text.replaceAll(']]>', ']]\u2060>');

export async function buildFeed(
  db: Db,
  ctx: RequestContext,
  subject: Subject,
  addresses: FeedAddresses,
): Promise<string> {
  const actor = requireActor(ctx);
  const found =
    subject.kind === 'area'
      ? await db.area.findUnique({ where: { id: subject.id } })
      : await db.organization.findUnique({ where: { id: subject.id } });
  if (!found) throw AppError.notFound(subject.kind === 'area' ? 'The area' : 'The organisation');
  const changes = await listChanges(
    db,
    ctx,
    ZChangeListQuery.parse({
      ...(subject.kind === 'area' ? { areaId: subject.id } : { organizationId: subject.id }),
      since: '1900-01-01T00:00:00Z',
      limit: FEED_ENTRIES,
    }),
  );
  const entries = [
    ...changes.items.map((change) => changeEntry(change, addresses.site)),
    ...(await latestIncidents(db, actor, subject)).map((incident) =>
      incidentEntry(incident, addresses.site),
    ),
  ]
    .sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? 1 : -1))
    .slice(0, FEED_ENTRIES);
  const feed = new Feed({
    id: `urn:uuid:${subject.id}`,
    title: cdataSafe(`Access changes: ${found.name}`),
    description: cdataSafe(
      subject.kind === 'area'
        ? `Access status changes and incidents in ${found.name} and its sub-areas`
        : `Access status changes and incidents of ${found.name}`,
    ),
    link: `${addresses.site}/${subject.kind === 'area' ? 'areas' : 'organizations'}/${subject.id}`,
    feedLinks: { atom: addresses.self },
    updated: entries[0]?.date ?? found.createdAt,
    generator: 'Humanitarian access monitor',
    copyright: 'As the records cite their sources',
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id,
      title: cdataSafe(entry.title),
      link: entry.link,
      date: entry.date,
      content: cdataSafe(entry.content),
      author: [{ name: cdataSafe(entry.author) }],
    });
  }
  return feed.atom1();
}
