'use client';

import type { ReactNode } from 'react';
import { useHydrated } from '../lib/use-hydrated';

/**
 * Holds a form's fields disabled until the page's script has taken over, without changing
 * the form's layout (`display: contents`): see useHydrated.
 */
export function ReadyFieldset({ children }: { children: ReactNode }) {
  const ready = useHydrated();
  return (
    <fieldset className="ready" disabled={!ready} aria-busy={!ready}>
      {children}
    </fieldset>
  );
}
