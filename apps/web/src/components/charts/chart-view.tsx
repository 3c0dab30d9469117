'use client';

import { type ReactNode, useEffect, useState } from 'react';

export type ChartView = 'chart' | 'table';

/**
 * A chart's view (the drawing or the same numbers as a table), as the reader last chose it
 * for this chart in this browser (localStorage): a new filter loads a new page, and a reader
 * who reads tables (a screen reader, a small screen) should not have to choose again. Read
 * after the first render, so the page the server sent and the first render agree.
 */
export function useChartView(name: string): [ChartView, (view: ChartView) => void] {
  const key = `chart-view:${name}`;
  const [view, setView] = useState<ChartView>('chart');
  useEffect(() => {
    try {
      if (localStorage.getItem(key) === 'table') setView('table');
    } catch {
      // storage refused (a private window, a policy): the chart, as by default
    }
  }, [key]);
  const choose = (next: ChartView) => {
    setView(next);
    try {
      localStorage.setItem(key, next);
    } catch {
      // not remembered, still shown
    }
  };
  return [view, choose];
}

/** The two toggle buttons (and anything after them, e.g. a download link) in a labelled group. */
export function ChartViewButtons({
  view,
  onChange,
  labels,
  children,
}: {
  view: ChartView;
  onChange: (view: ChartView) => void;
  labels: { group: string; chart: string; table: string };
  children?: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form group
    <div className="tabs" role="group" aria-label={labels.group}>
      {(['chart', 'table'] as const).map((option) => (
        <button
          key={option}
          type="button"
          className="secondary"
          aria-pressed={view === option}
          onClick={() => onChange(option)}
        >
          {labels[option]}
        </button>
      ))}
      {children}
    </div>
  );
}
