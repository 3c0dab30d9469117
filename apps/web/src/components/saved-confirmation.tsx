'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The confirmation a form's save lands on, focused as it arrives: the form's button is gone,
 * and a live region rendered with its words already in it is not announced, so without this a
 * keyboard or screen-reader user is left on the page's body, not told the entry was saved.
 */
export function SavedConfirmation({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} className="confirmation panel" role="status" tabIndex={-1}>
      {children}
    </div>
  );
}
