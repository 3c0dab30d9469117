import type { TWriteWarning } from '@access/contracts';
import { today } from '../shared/format';

/** What a change is accepted with but should be looked at again (the dashboard warns). */
export function writeWarnings(content: { validFrom: string }): TWriteWarning[] {
  const warnings: TWriteWarning[] = [];
  if (content.validFrom > today()) {
    warnings.push({
      code: 'START_IN_FUTURE',
      field: 'validFrom',
      message: `The start date ${content.validFrom} is in the future: check it is the day the status begins`,
    });
  }
  return warnings;
}

export function withWarnings<T extends object>(
  written: T,
  content: { validFrom: string },
): T & { warnings?: TWriteWarning[] } {
  const warnings = writeWarnings(content);
  return warnings.length ? { ...written, warnings } : written;
}
