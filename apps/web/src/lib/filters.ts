/** Dashboard URL parameters (every filter lives in the URL, so a link reproduces the view). */
export type SearchParams = Record<string, string | string[] | undefined>;

export interface DashboardFilters {
  areaId?: string;
  organizationId?: string;
  organizationType?: string;
  status: string[];
  constraintCategory?: string;
  validatedOnly: boolean;
  asOf?: string;
  /** the view as the product knew it at the end of this day (UTC) */
  knownOn?: string;
  from?: string;
  to?: string;
  interval: "day" | "week" | "month";
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? value.split(",") : []).filter(Boolean);

/** Reads the filters, dropping any value the API would refuse, so a bad link shows the unfiltered view. */
export function parseFilters(params: SearchParams): DashboardFilters {
  const date = (value: string | undefined) => (value && ISO_DATE.test(value) ? value : undefined);
  const uuid = (value: string | undefined) => (value && UUID.test(value) ? value : undefined);
  const interval = one(params.interval);
  return {
    areaId: uuid(one(params.areaId)),
    organizationId: uuid(one(params.organizationId)),
    organizationType: /^\d{3}$/.test(one(params.organizationType) ?? "") ? one(params.organizationType) : undefined,
    status: many(params.status).filter((status) => /^[A-Z]+$/.test(status)),
    constraintCategory: /^[1-9]$/.test(one(params.constraintCategory) ?? "") ? one(params.constraintCategory) : undefined,
    validatedOnly: one(params.validatedOnly) === "true",
    asOf: date(one(params.asOf)),
    knownOn: date(one(params.knownOn)),
    from: date(one(params.from)),
    to: date(one(params.to)),
    interval: interval === "day" || interval === "week" || interval === "month" ? interval : "month",
  };
}

/** The API query for these filters; `include` picks the parameters an endpoint takes. */
export function apiQuery(filters: DashboardFilters, include: { asOf?: boolean; period?: boolean } = {}): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.areaId) query.set("areaId", filters.areaId);
  if (filters.organizationId) query.set("organizationId", filters.organizationId);
  if (filters.organizationType) query.set("organizationType", filters.organizationType);
  if (filters.status.length) query.set("status", filters.status.join(","));
  if (filters.constraintCategory) query.set("constraintCategory", filters.constraintCategory);
  if (filters.validatedOnly) query.set("validatedOnly", "true");
  if (filters.knownOn) query.set("knownAt", `${filters.knownOn}T23:59:59.999Z`);
  if (include.asOf && filters.asOf) query.set("asOf", filters.asOf);
  if (include.period) {
    if (filters.from) query.set("from", filters.from);
    if (filters.to) query.set("to", filters.to);
    query.set("interval", filters.interval);
  }
  return query;
}

/** The dashboard URL for these filters, e.g. to keep them when following a link. */
export function viewQuery(filters: DashboardFilters, overrides: Partial<DashboardFilters> = {}): string {
  const merged = { ...filters, ...overrides };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(","));
    } else if (typeof value === "boolean") {
      if (value) query.set(key, "true");
    } else if (value && !(key === "interval" && value === "month")) {
      query.set(key, value);
    }
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}
