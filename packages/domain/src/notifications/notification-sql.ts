import { Prisma } from '@access/db';
import { existingVersionsSql, proposalExistsSql } from '../access-statuses/access-sql';
import { incidentProposalExistsSql, incidentVersionExistsSql } from '../incidents/incident-sql';
import { requestVersionExistsSql } from '../requests/request-sql';
import { recordProposalExistsSql } from '../requests/request-store';
import type { Actor } from '../shared/context';

export const STATUS_CHANGES = [
  'access_status.recorded',
  'access_status.corrected',
  'access_status.validated',
];
export const INCIDENT_CHANGES = ['incident.recorded', 'incident.corrected', 'incident.validated'];
export const REQUEST_CHANGES = ['request.recorded', 'request.corrected', 'request.validated'];

/**
 * Whether outbox event `e` names a record that exists for the actor, asked of the one
 * visibility rule (access-sql.ts, incident-sql.ts): a validated version at their level, or a
 * returned proposal row they may read (its author's, their organisation's), a request
 * version that exists at their level, a party's answer that exists at their level on a
 * request that does (request-sql.ts). The fan-out asks
 * it per follower level; every read of notifications asks it again for the reader, so a
 * notification whose record the reader can no longer see is gone from list and count.
 */
export function eventVisibleSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(
    (e.type = ANY(${STATUS_CHANGES}) AND EXISTS (
      SELECT 1 FROM ${existingVersionsSql(actor)} WHERE v.id = e.access_status_version_id))
    OR (e.type = ANY(${INCIDENT_CHANGES}) AND EXISTS (
      SELECT 1 FROM incident_versions x WHERE x.id = e.incident_version_id AND ${incidentVersionExistsSql(actor, Prisma.sql`x`)}))
    OR (e.type = 'access_status.returned' AND ${proposalExistsSql(actor, Prisma.sql`e.access_status_version_id`)})
    OR (e.type = 'incident.returned' AND ${incidentProposalExistsSql(actor, Prisma.sql`e.incident_version_id`)})
    OR (e.type = ANY(${REQUEST_CHANGES}) AND EXISTS (
      SELECT 1 FROM access_request_versions x
      WHERE x.id = e.access_request_version_id AND ${requestVersionExistsSql(actor, Prisma.sql`x`)}))
    OR (e.type = 'request.returned' AND ${recordProposalExistsSql(actor, 'request', Prisma.sql`e.access_request_version_id`)})
    OR (e.type = 'request.consent_answered'
      AND EXISTS (SELECT 1 FROM consent_position_versions x
                  WHERE x.id = e.consent_position_version_id AND ${requestVersionExistsSql(actor, Prisma.sql`x`)})
      AND EXISTS (SELECT 1 FROM access_request_versions x
                  WHERE x.request_id = e.request_id AND ${requestVersionExistsSql(actor, Prisma.sql`x`)})))`;
}

/**
 * The type of notification `n` (on outbox event `e`) as the actor sees it: a correction
 * whose version replaced nothing that exists at their level (the API shows it as a RECORD:
 * versionsAsSeenSql's visible_supersedes_id, loadIncidentVersions' earlier version) reads
 * as a record, so a declassified entry never tells of the hidden version it replaced.
 */
export function typeAsSeenSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(CASE
    WHEN n.type = 'access_status.corrected' AND NOT EXISTS (
      SELECT 1 FROM ${existingVersionsSql(actor)}
      WHERE v.id = e.access_status_version_id AND l.visible_supersedes_id IS NOT NULL)
      THEN 'access_status.recorded'
    WHEN n.type = 'incident.corrected' AND NOT EXISTS (
      SELECT 1 FROM incident_versions x JOIN incident_versions s ON s.incident_id = x.incident_id
      WHERE x.id = e.incident_version_id AND ${incidentVersionExistsSql(actor, Prisma.sql`s`)}
        AND (s.recorded_at, s.id) < (x.recorded_at, x.id))
      THEN 'incident.recorded'
    WHEN n.type = 'request.corrected' AND NOT EXISTS (
      SELECT 1 FROM access_request_versions x JOIN access_request_versions s ON s.request_id = x.request_id
      WHERE x.id = e.access_request_version_id AND ${requestVersionExistsSql(actor, Prisma.sql`s`)}
        AND (s.recorded_at, s.id) < (x.recorded_at, x.id))
      THEN 'request.recorded'
    ELSE n.type END)`;
}
