import { z } from 'zod';
import { ZUuid } from './common';

/** The Atom feeds' address: `{id}.atom`, authenticated by an API token in `?token=` or the header. */
export const ZFeedParams = z.object({
  id: ZUuid.describe('the area (with its sub-areas) or the organisation'),
});
export const ZFeedQuery = z.object({
  token: z
    .string()
    .max(200)
    .optional()
    .describe(
      'an API token, for readers that cannot send a header (Authorization: Bearer … works too); never logged',
    ),
});
/** How many entries a feed holds: the latest changes and incidents, newest first. */
export const FEED_ENTRIES = 50;
