/**
 * An organisation as one choice among others: its acronym first when it has one ("ICRC —
 * International Committee of the Red Cross"), so a select on a phone, which cuts rather than
 * wraps, still shows what tells the organisations apart.
 */
export function organizationLabel(organization: { name: string; acronym?: string | null }) {
  return organization.acronym
    ? `${organization.acronym} — ${organization.name}`
    : organization.name;
}
