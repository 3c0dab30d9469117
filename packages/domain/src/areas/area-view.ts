import type { TArea } from '@access/contracts';
import type { Area, AreaName } from '@access/db';

export type AreaWithNames = Area & { names: AreaName[] };

export function areaView(area: AreaWithNames): TArea {
  return {
    id: area.id,
    name: area.name,
    kind: area.kind,
    iso3: area.iso3,
    pcode: area.pcode,
    disputed: area.disputed,
    parentId: area.parentId,
    names: [...area.names]
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.lang.localeCompare(b.lang))
      .map((name) => ({
        lang: name.lang,
        name: name.name,
        usedBy: name.usedBy,
        isDefault: name.isDefault,
      })),
    createdAt: area.createdAt.toISOString(),
    updatedAt: area.updatedAt.toISOString(),
  };
}
