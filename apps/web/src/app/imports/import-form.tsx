'use client';

import { useState, type FormEvent } from 'react';
import type { TImportJob, TImportReport } from '@access/contracts';
import { importProblemText, problemText } from '@/lib/error-text';

type Outcome =
  | { kind: 'report'; report: TImportReport }
  | { kind: 'error'; message: string; report?: TImportReport };

/** Uploads with XMLHttpRequest, which reports upload progress (fetch does not). */
function uploadFile(
  file: File,
  dryRun: boolean,
  csrfToken: string,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/imports?dryRun=${dryRun}&async=true`);
    request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) =>
      event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON: reported below
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () => resolve({ status: 0, body: null });
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });
}

export function ImportForm({ csrfToken }: { csrfToken: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'processing'>('idle');
  const [job, setJob] = useState<TImportJob | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function run(dryRun: boolean) {
    if (!file) return;
    setOutcome(null);
    setPhase('uploading');
    setProgress(0);
    const { status, body } = await uploadFile(file, dryRun, csrfToken, (fraction) => {
      setProgress(fraction);
      if (fraction >= 1) setPhase('processing');
    });
    setProgress(null);
    if (status !== 202) {
      setPhase('idle');
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      setOutcome({
        kind: 'error',
        message:
          status === 0 || !error
            ? 'The server could not be reached. Nothing was imported: check your connection and try again.'
            : // the import's own refusals (no file, no data rows, missing columns) are sentences already
              problemText({
                status,
                code:
                  error.code === 'VALIDATION_FAILED' ? 'IMPORT_REFUSED' : (error.code ?? 'UNKNOWN'),
                message: error.message ?? '',
              }),
      });
      return;
    }
    // The server checks (and applies) in the background; follow its progress.
    setPhase('processing');
    let current = body as TImportJob;
    while (current.status === 'CHECKING' || current.status === 'APPLYING') {
      setJob(current);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const response = await fetch(`/api/imports/${current.id}`).catch(() => null);
      if (response?.ok) current = (await response.json()) as TImportJob;
    }
    setJob(null);
    setPhase('idle');
    if (current.status === 'DONE' && current.report)
      setOutcome({ kind: 'report', report: current.report });
    else
      setOutcome({
        kind: 'error',
        message: current.error?.message ?? 'The import failed. Nothing was imported.',
        report: (current.error?.details as { report?: TImportReport } | undefined)?.report,
      });
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    await run(true);
  }

  const report = outcome?.kind === 'report' ? outcome.report : outcome?.report;
  const changing = report ? report.summary.new + report.summary.corrections : 0;
  return (
    <form onSubmit={check}>
      <div className="field wide">
        <label htmlFor="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setOutcome(null);
          }}
        />
      </div>
      <p>
        <button type="submit" disabled={!file || phase !== 'idle'}>
          Check the file
        </button>
      </p>
      {phase !== 'idle' && (
        <div role="status" aria-live="polite">
          {phase === 'uploading' ? (
            <>
              <label htmlFor="import-progress">Uploading…</label>
              <progress
                id="import-progress"
                max={1}
                value={progress ?? 0}
                style={{ width: '100%' }}
              />
            </>
          ) : (
            <>
              <label htmlFor="import-job-progress">
                {job?.status === 'APPLYING' ? 'Importing' : 'Checking'}{' '}
                {job && job.rowsTotal > 0
                  ? `${job.rowsDone.toLocaleString()} of ${job.rowsTotal.toLocaleString()} ${job.status === 'APPLYING' ? 'changes' : 'rows'}`
                  : 'rows'}
                …
              </label>
              <progress
                id="import-job-progress"
                max={job?.rowsTotal || 1}
                value={job && job.rowsTotal > 0 ? job.rowsDone : undefined}
                style={{ width: '100%' }}
              />
            </>
          )}
        </div>
      )}
      {outcome?.kind === 'error' && (
        <p className="alert" role="alert">
          {outcome.message}
        </p>
      )}
      {report && (
        <section aria-labelledby="import-report">
          <h2 id="import-report">{report.applied ? 'Imported' : 'What this file would change'}</h2>
          <p role="status">
            {report.rows} {report.rows === 1 ? 'row' : 'rows'}
            {report.hxlRow ? ` (HXL hashtags on line ${report.hxlRow})` : ''}:{' '}
            <strong>{report.summary.new}</strong> new statuses,{' '}
            <strong>{report.summary.corrections}</strong> corrections,{' '}
            <strong>{report.summary.unchanged}</strong> unchanged,{' '}
            <strong>{report.summary.errors}</strong> errors.
            {report.applied && ' The changes are saved.'}
          </p>
          {report.columns.ignored.length > 0 && (
            <p className="muted">Columns not used: {report.columns.ignored.join(', ')}.</p>
          )}
          {report.errors.length > 0 && (
            <div className="table-scroll cards-on-phone">
              <table>
                <caption>
                  Errors to fix before importing (nothing is imported while any remain)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.slice(0, 500).map((error, index) => (
                    <tr key={index}>
                      <td data-label="Line">{error.row}</td>
                      <td data-label="Column">
                        <code>{error.field}</code>
                      </td>
                      <td data-label="Problem">{importProblemText(error.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {!report.applied && report.errors.length === 0 && changing > 0 && (
            <p>
              <button type="button" onClick={() => run(false)} disabled={phase !== 'idle'}>
                Import {changing} {changing === 1 ? 'change' : 'changes'}
              </button>
            </p>
          )}
          {report.changes.length > 0 && (
            <div className="table-scroll cards-on-phone">
              <table>
                <caption>
                  Rows
                  {report.changes.length < report.rows ? ` (first ${report.changes.length})` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Change</th>
                    <th scope="col">Organisation</th>
                    <th scope="col">Area</th>
                    <th scope="col">Status</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {report.changes.map((change) => (
                    <tr key={change.row}>
                      <td data-label="Line">{change.row}</td>
                      <td data-label="Change">
                        {change.action === 'NEW'
                          ? 'new status'
                          : change.action === 'CORRECTION'
                            ? 'correction'
                            : 'no change'}
                      </td>
                      <td data-label="Organisation">{change.organization}</td>
                      <td data-label="Area">{change.area}</td>
                      <td data-label="Status">{change.status}</td>
                      <td data-label="From">
                        <time dateTime={change.validFrom}>{change.validFrom}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </form>
  );
}
