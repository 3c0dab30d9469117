import { z } from 'zod';
import { Prisma } from '@access/db';
import {
  trendOf,
  type TAccessStatusCode,
  type TChangeKind,
  type TChangeListQuery,
} from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { decodeCursor, pageForwards, timestampKeySql, ZTimestampKey } from '../shared/cursor';
import { isoDate } from '../shared/format';
import { existingVersionsSql, filterSql, versionInTimelineSql } from './access-sql';

interface ChangeRow {
  id: string;
  change_kind: TChangeKind;
  status: TAccessStatusCode;
  previous_status: TAccessStatusCode | null;
  corrected_status: TAccessStatusCode | null;
  valid_from: Date;
  recorded_at: Date;
  recorded_at_key: string;
  reason: string;
  organization_id: string;
  organization_name: string;
  organization_acronym: string | null;
  area_id: string;
  area_name: string;
  recorded_by_id: string;
  recorded_by_name: string;
}

/**
 * The feed of recent changes, newest first: new statuses and corrections of the validated
 * timeline (closures are bookkeeping; a validated REVIEW, written before proposals, is the
 * validation that placed an entry, and reads as the record or correction it placed). A correction's trend
 * compares it with the version it corrected.
 */
export async function listChanges(db: Db, ctx: RequestContext, query: TChangeListQuery) {
  const actor = requireActor(ctx);
  // as known at knownAt: nothing recorded after it; by default the 30 days before it, unless
  // the changes are chosen by when they take effect (the dashboard's "30 days up to asOf")
  const knownAt = query.knownAt ?? new Date().toISOString();
  const since =
    query.since ??
    (query.effectiveFrom === undefined
      ? new Date(Date.parse(knownAt) - 30 * 86_400_000).toISOString()
      : null);
  const effectiveSql = Prisma.sql`${
    query.effectiveFrom === undefined
      ? Prisma.empty
      : Prisma.sql`AND v.valid_from >= ${query.effectiveFrom}::date`
  } ${
    query.effectiveTo === undefined
      ? Prisma.empty
      : Prisma.sql`AND v.valid_from <= ${query.effectiveTo}::date`
  }`;
  // the recorded time as timestampKeySql writes it (a hand-made one must still cast)
  const after = decodeCursor(query.cursor, z.tuple([ZTimestampKey, z.uuid()]));
  const afterSql = after
    ? Prisma.sql`AND (v.recorded_at, v.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
    : Prisma.empty;
  // The cursor keeps recorded_at in UTC with its microseconds: they survive the round trip.
  // A correction's "before" is the version it replaced at the reader's level; a record's,
  // the period before it in the reader's timeline as it stood when it was recorded.
  // The page is chosen first and the previous statuses looked up for its rows only: one
  // import's rows share a recorded time, and a plan that looked them up before sorting
  // did so for every row of the window.
  const rows = await db.$queryRaw<ChangeRow[]>`
    SELECT v.id, CASE WHEN v.visible_supersedes_id IS NULL THEN 'RECORD' ELSE 'CORRECTION' END AS change_kind,
           v.status, before.previous_status, corrected.status AS corrected_status,
           v.valid_from, v.recorded_at, ${timestampKeySql(Prisma.sql`v.recorded_at`)} AS recorded_at_key, v.reason,
           v.organization_id, v.organization_name, v.organization_acronym,
           a.id AS area_id, a.name AS area_name, u.id AS recorded_by_id, u.display_name AS recorded_by_name
    FROM (
      SELECT v.id, v.status, v.valid_from, v.recorded_at, v.reason, v.organization_id, v.area_id, v.recorded_by_id,
             o.name AS organization_name, o.acronym AS organization_acronym,
             l.level, l.version_id, l.visible_supersedes_id
      FROM ${existingVersionsSql(actor)}
      JOIN organizations o ON o.id = v.organization_id
      WHERE v.change_kind IN ('RECORD', 'CORRECTION', 'REVIEW')
        AND v.recorded_at >= coalesce(${since}::timestamptz, '-infinity') AND v.recorded_at <= ${knownAt}::timestamptz
        ${effectiveSql} AND ${filterSql(query, { areas: 'filter' })} ${afterSql}
      ORDER BY v.recorded_at DESC, v.id DESC
      LIMIT ${query.limit + 1}
    ) v
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id
    LEFT JOIN access_status_versions corrected ON corrected.id = v.visible_supersedes_id
    LEFT JOIN LATERAL (
      SELECT t.previous_status FROM ${versionInTimelineSql(Prisma.sql`v.recorded_at`, Prisma.sql`v`)} t
    ) before ON TRUE
    ORDER BY v.recorded_at DESC, v.id DESC`;
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [
    row.recorded_at_key,
    row.id,
  ]);
  return {
    items: page.map((row) => {
      const previousStatus =
        row.change_kind === 'CORRECTION' ? row.corrected_status : row.previous_status;
      return {
        versionId: row.id,
        organization: {
          id: row.organization_id,
          name: row.organization_name,
          acronym: row.organization_acronym,
        },
        area: { id: row.area_id, name: row.area_name },
        changeKind: row.change_kind,
        status: row.status,
        previousStatus,
        trend: trendOf(previousStatus, row.status),
        validFrom: isoDate(row.valid_from),
        recordedAt: row.recorded_at.toISOString(),
        recordedBy: { id: row.recorded_by_id, displayName: row.recorded_by_name },
        reason: row.reason,
      };
    }),
    nextCursor,
  };
}
