'use client';

/** Prints the snapshot (the print stylesheet lays it out on one A4 page). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {label}
    </button>
  );
}
