import type {
  TAreaGeometry,
  TAreaShapeImportQuery,
  TAreaShapeImportResult,
} from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { inTransaction, requireRole, type Db, type RequestContext } from '../shared/context';
import { AppError, type FieldIssue } from '../shared/errors';
import {
  countPositions,
  MAX_FILE_POSITIONS,
  readGeometry,
  simplifyGeometry,
} from './shape-geometry';

/** Issues reported at most, so a broken file of 20,000 features answers with a readable list. */
const MAX_ISSUES = 20;
const MAX_UNMATCHED_LISTED = 100;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The property holding a feature's own p-code: COD-AB files carry every level above a
 * feature too (ADM0_PCODE, ADM1_PCODE, ADM2_PCODE on an admin-2 feature), so the deepest
 * ADMn_PCODE; else a property named pcode or p_code.
 */
export function detectPcodeProperty(properties: Record<string, unknown>): string | undefined {
  const levels = Object.keys(properties)
    .map((key) => ({ key, level: /^adm(\d)_pcode$/i.exec(key)?.[1] }))
    .filter((entry) => entry.level !== undefined)
    .sort((a, b) => Number(b.level) - Number(a.level));
  return levels[0]?.key ?? Object.keys(properties).find((key) => /^p_?code$/i.test(key));
}

interface ReadFeature {
  pcode: string;
  geometry: TAreaGeometry;
}

function fail(issues: FieldIssue[], total: number): never {
  const first = issues[0]!;
  throw new AppError(
    'VALIDATION_FAILED',
    `The GeoJSON was not imported: ${first.field} ${first.message}${total > 1 ? ` (and ${total - 1} more)` : ''}`,
    { issues },
  );
}

/** Every feature's p-code and boundary, or a 400 naming the features and their faults. */
function readFeatures(features: unknown[], pcodeProperty: string): ReadFeature[] {
  const issues: FieldIssue[] = [];
  let total = 0;
  const report = (more: FieldIssue[]) => {
    total += more.length;
    issues.push(...more.slice(0, MAX_ISSUES - issues.length));
  };
  const read: ReadFeature[] = [];
  const seen = new Map<string, number>();
  let positions = 0;
  for (const [i, feature] of features.entries()) {
    const field = `features[${i}]`;
    if (!isObject(feature) || feature.type !== 'Feature') {
      report([{ field, message: 'is not a GeoJSON Feature' }]);
      continue;
    }
    const value = isObject(feature.properties) ? feature.properties[pcodeProperty] : undefined;
    const pcode =
      typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (!pcode) {
      report([{ field: `${field}.properties.${pcodeProperty}`, message: 'has no p-code' }]);
      continue;
    }
    const key = pcode.toUpperCase();
    if (seen.has(key)) {
      report([
        {
          field: `${field}.properties.${pcodeProperty}`,
          message: `repeats the p-code ${pcode} of features[${seen.get(key)}]`,
        },
      ]);
      continue;
    }
    seen.set(key, i);
    const geometry = readGeometry(feature.geometry, `${field}.geometry`);
    if ('issues' in geometry) {
      report(geometry.issues);
      continue;
    }
    positions += countPositions(geometry.geometry);
    if (positions > MAX_FILE_POSITIONS) {
      report([
        {
          field: `${field}.geometry`,
          message: `brings the file past ${MAX_FILE_POSITIONS.toLocaleString('en')} positions, the most one import takes; split the file or simplify it first (e.g. with mapshaper)`,
        },
      ]);
      break;
    }
    read.push({ pcode, geometry: geometry.geometry });
  }
  if (total > 0) fail(issues, total);
  return read;
}

/**
 * Who may import boundaries: administrators. The route asks before it reads the body (up to
 * 48 MiB of GeoJSON), and the import asks again.
 */
export function authorizeAreaShapeImport(ctx: RequestContext): void {
  requireRole(ctx, 'ADMIN');
}

/**
 * Imports boundaries from a GeoJSON FeatureCollection keyed by p-code (OCHA COD-AB):
 * each feature whose p-code names an area becomes (or replaces) that area's shape,
 * simplified and rounded; features matching no area are skipped and listed. All or
 * nothing: any malformed feature refuses the whole file, naming it, and changes nothing.
 */
export async function importAreaShapes(
  db: Db,
  ctx: RequestContext,
  query: TAreaShapeImportQuery,
  collection: { features: unknown[] },
): Promise<TAreaShapeImportResult> {
  authorizeAreaShapeImport(ctx);
  const firstProperties = collection.features.find(
    (feature): feature is { properties: Record<string, unknown> } =>
      isObject(feature) && isObject(feature.properties),
  )?.properties;
  const pcodeProperty = query.pcodeProperty ?? detectPcodeProperty(firstProperties ?? {});
  if (!pcodeProperty)
    throw AppError.invalid(
      'pcodeProperty',
      'no p-code property was found in the features (looked for ADM1_PCODE, ADM2_PCODE… and pcode); name it with pcodeProperty',
    );
  const features: ReadFeature[] = [];
  // simplified before the transaction (it holds a connection), one feature at a time with the
  // event loop let go in between, so other requests are answered during a large import
  for (const feature of readFeatures(collection.features, pcodeProperty)) {
    features.push({ pcode: feature.pcode, geometry: simplifyGeometry(feature.geometry) });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return inTransaction(db, async (tx) => {
    const areas = await tx.$queryRaw<{ id: string; name: string; pcode: string }[]>`
      SELECT id, name, pcode FROM areas
      WHERE upper(pcode) = ANY(${features.map((feature) => feature.pcode.toUpperCase())}::text[])`;
    const areaOf = new Map(areas.map((area) => [area.pcode.toUpperCase(), area]));
    const matched = features.filter((feature) => areaOf.has(feature.pcode.toUpperCase()));
    const unmatched = features
      .filter((feature) => !areaOf.has(feature.pcode.toUpperCase()))
      .map((feature) => feature.pcode);
    if (matched.length === 0)
      throw AppError.invalid(
        pcodeProperty === query.pcodeProperty ? 'pcodeProperty' : 'features',
        `no feature's p-code (${pcodeProperty}: ${unmatched.slice(0, 3).join(', ')}…) belongs to an area; give the areas these p-codes first, or name another property with pcodeProperty`,
      );
    const existing = await tx.areaShape.findMany({
      where: { areaId: { in: areas.map((area) => area.id) } },
      select: { areaId: true, source: true, importedAt: true },
    });
    const replaced = new Set(existing.map((shape) => shape.areaId));
    const rows = matched.map((feature) => {
      const area = areaOf.get(feature.pcode.toUpperCase())!;
      return { area, geometry: feature.geometry };
    });
    const payload = JSON.stringify(
      rows.map(({ area, geometry }) => ({ areaId: area.id, geometry })),
    );
    const storedBytes = rows.reduce((sum, row) => sum + JSON.stringify(row.geometry).length, 0);
    // one statement for the whole file: thousands of upserts would outlast the transaction
    await tx.$executeRaw`
      INSERT INTO area_shapes (area_id, geometry, source, pcode_property, imported_at)
      SELECT (row->>'areaId')::uuid, row->'geometry', ${query.source}, ${pcodeProperty}, now()
      FROM jsonb_array_elements(${payload}::jsonb) AS row
      ON CONFLICT (area_id) DO UPDATE SET geometry = EXCLUDED.geometry, source = EXCLUDED.source,
        pcode_property = EXCLUDED.pcode_property, imported_at = EXCLUDED.imported_at`;
    const imported = rows.map(({ area }) => ({
      id: area.id,
      name: area.name,
      pcode: area.pcode,
      replaced: replaced.has(area.id),
    }));
    await recordAuditEvent(tx, ctx, {
      action: 'area.shapes.import',
      entityType: 'area',
      sensitivity: 'LOW',
      before: existing.length
        ? {
            shapes: existing.map((shape) => ({
              areaId: shape.areaId,
              source: shape.source,
              importedAt: shape.importedAt.toISOString(),
            })),
          }
        : undefined,
      after: {
        source: query.source,
        pcodeProperty,
        areas: imported.map((area) => ({ areaId: area.id, pcode: area.pcode })),
        unmatchedCount: unmatched.length,
        storedBytes,
      },
    });
    return {
      pcodeProperty,
      imported,
      unmatched: unmatched.slice(0, MAX_UNMATCHED_LISTED),
      unmatchedCount: unmatched.length,
      storedBytes,
    };
  });
}
