import { z } from 'zod';
import { ZQueryBoolean } from './common';
import { ZIncidentFilters } from './incidents';

/** GET /api/exports/incidents.csv: the filters of the incident list, and the CSV's form. */
export const ZIncidentExportQuery = ZIncidentFilters.extend({
  hxl: ZQueryBoolean.default(true).describe(
    'add the HXL hashtag row under the header (default true)',
  ),
  bom: ZQueryBoolean.default(false).describe('start with a UTF-8 byte-order mark, for Excel'),
});
export type TIncidentExportQuery = z.infer<typeof ZIncidentExportQuery>;

export const ZIncidentImportQuery = z.object({
  dryRun: ZQueryBoolean.default(true).describe(
    'check every row and report what would change, writing nothing (default); false applies all rows or none',
  ),
});

export const ZIncidentImportReport = z
  .object({
    filename: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.number().int(),
    hxlRow: z
      .number()
      .int()
      .nullable()
      .describe('the line of the HXL hashtag row, if one was found'),
    separator: z
      .enum([',', ';', '\t'])
      .describe('the separator the file was read with (detected: comma, semicolon or tab)'),
    compared: z
      .array(z.string())
      .describe(
        'what a row is compared on with the incident it names (`incident_id`) as you see it: equal on all of these is UNCHANGED, else a CORRECTION',
      ),
    columns: z.object({ mapped: z.record(z.string(), z.string()), ignored: z.array(z.string()) }),
    summary: z.object({
      new: z.number().int(),
      corrections: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
    }),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    changes: z.array(
      z.object({
        row: z.number().int(),
        action: z.enum(['NEW', 'CORRECTION', 'UNCHANGED']),
        incidentId: z.string().nullable().describe('the incident the row restates or corrects'),
        versionId: z
          .string()
          .nullable()
          .describe('its current version as you see it; null for a new incident'),
        organization: z.string(),
        area: z.string(),
        occurredOn: z.string(),
        category: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'IncidentImportReport' });
export type TIncidentImportReport = z.infer<typeof ZIncidentImportReport>;
