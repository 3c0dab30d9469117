import { z } from 'zod';
import { PARTY_KINDS } from './codes';
import {
  ACRONYM_MAX_LENGTH,
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  ZListQuery,
  ZTimestamp,
  ZUuid,
  paginated,
  ZTrimmed,
} from './common';

export const ZPartyKind = z.enum(PARTY_KINDS);

export const ZParty = z
  .object({
    id: ZUuid,
    name: z.string(),
    acronym: z.string().nullable(),
    kind: ZPartyKind,
    note: z.string().nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Party' });
export type TParty = z.infer<typeof ZParty>;

export const ZPartyCreate = z
  .object({
    name: ZTrimmed().min(1, { error: 'must not be empty' }).max(NAME_MAX_LENGTH),
    acronym: ZTrimmed().min(1).max(ACRONYM_MAX_LENGTH).nullish(),
    kind: ZPartyKind,
    note: ZTrimmed().max(NOTE_MAX_LENGTH).nullish(),
  })
  .strict()
  .meta({ id: 'PartyCreate' });
export type TPartyCreate = z.infer<typeof ZPartyCreate>;

export const ZPartyUpdate = ZPartyCreate.partial().strict().meta({ id: 'PartyUpdate' });
export type TPartyUpdate = z.infer<typeof ZPartyUpdate>;

export const ZPartyListQuery = ZListQuery.extend({ kind: ZPartyKind.optional() });
export type TPartyListQuery = z.infer<typeof ZPartyListQuery>;

export const ZPartyPage = paginated(ZParty);
