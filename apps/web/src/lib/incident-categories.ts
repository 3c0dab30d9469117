/**
 * The calendar quarter `back` quarters before the one holding `day` (YYYY-MM-DD): the first
 * days of its three months, as the counts' `months` name them, and its label ("Q3 2026").
 */
export function calendarQuarter(day: string, back: number): { months: string[]; label: string } {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const index = year * 4 + Math.floor((month - 1) / 3) - back;
  const y = Math.floor(index / 4);
  const q = index - y * 4;
  const months = [0, 1, 2].map((i) => `${y}-${String(q * 3 + i + 1).padStart(2, '0')}-01`);
  return { months, label: `Q${q + 1} ${y}` };
}
