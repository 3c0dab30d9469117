/**
 * Every connection's TimeZone is UTC, whatever the server's default. Prisma's pg adapter
 * read a timestamptz as the server printed it in its own zone and dropped the offset: on a
 * server set to America/New_York, a user created at 10:43 UTC read back as 05:43, so
 * sessions, lockouts and tokens would have expired hours off (tests/db/session-time-zone.test.ts).
 * SQL's dates (current_date, a timestamptz cast to a date) are then UTC days, as the API's.
 */
export const UTC_SESSIONS = { options: '-c TimeZone=UTC' } as const;
