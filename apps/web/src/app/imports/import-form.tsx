'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { TImportJob, TImportReport } from '@access/contracts';
import { useErrorText } from '@/lib/error-text';
import { formatDate } from '@/lib/format';
import { ReadyFieldset } from '../../components/ready-fieldset';

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
  const t = useTranslations('importForm');
  const tc = useTranslations('codes');
  const locale = useLocale();
  /** a status's name in the reader's language (a code the catalogue lacks, as the file has it) */
  const statusName = (status: string) =>
    tc.has(`status.${status}`) ? tc(`status.${status}`) : status;
  const { importProblemText, problemText } = useErrorText();
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
            ? t('unreachable')
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
        message: current.error?.message ?? t('failed'),
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
      <ReadyFieldset>
        <div className="field wide">
          <label htmlFor="import-file">{t('file')}</label>
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
            {t('check')}
          </button>
        </p>
        {phase !== 'idle' && (
          <div role="status" aria-live="polite">
            {phase === 'uploading' ? (
              <>
                <label htmlFor="import-progress">{t('uploading')}</label>
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
                  {job && job.rowsTotal > 0
                    ? t(job.status === 'APPLYING' ? 'importingOf' : 'checkingOf', {
                        done: job.rowsDone.toLocaleString(locale),
                        total: job.rowsTotal.toLocaleString(locale),
                      })
                    : t(job?.status === 'APPLYING' ? 'importingRows' : 'checkingRows')}
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
            <h2 id="import-report">{report.applied ? t('imported') : t('wouldChange')}</h2>
            <p role="status">
              {t.rich(report.hxlRow ? 'summaryHxl' : 'summary', {
                rows: report.rows,
                line: report.hxlRow ?? 0,
                new: report.summary.new,
                corrections: report.summary.corrections,
                unchanged: report.summary.unchanged,
                errors: report.summary.errors,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
              {report.applied && ` ${t('saved')}`}
            </p>
            {report.columns.ignored.length > 0 && (
              <p className="muted">
                {t('ignored', { columns: report.columns.ignored.join(', ') })}
              </p>
            )}
            {report.errors.length > 0 && (
              <div className="table-scroll cards-on-phone">
                <table>
                  <caption>{t('errorsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('line')}</th>
                      <th scope="col">{t('column')}</th>
                      <th scope="col">{t('problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.slice(0, 500).map((error, index) => (
                      <tr key={index}>
                        <td data-label={t('line')}>{error.row}</td>
                        <td data-label={t('column')}>
                          <code>{error.field}</code>
                        </td>
                        <td data-label={t('problem')}>{importProblemText(error.message)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {!report.applied && report.errors.length === 0 && changing > 0 && (
              <p>
                <button type="button" onClick={() => run(false)} disabled={phase !== 'idle'}>
                  {t('import', { count: changing })}
                </button>
              </p>
            )}
            {report.changes.length > 0 && (
              <div className="table-scroll cards-on-phone">
                <table>
                  <caption>
                    {report.changes.length < report.rows
                      ? t('rowsFirst', { count: report.changes.length })
                      : t('rows')}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('line')}</th>
                      <th scope="col">{t('change')}</th>
                      <th scope="col">{t('organization')}</th>
                      <th scope="col">{t('area')}</th>
                      <th scope="col">{t('status')}</th>
                      <th scope="col">{t('from')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.changes.map((change) => (
                      <tr key={change.row}>
                        <td data-label={t('line')}>{change.row}</td>
                        <td data-label={t('change')}>
                          {change.action === 'NEW'
                            ? t('actionNew')
                            : change.action === 'CORRECTION'
                              ? t('actionCorrection')
                              : t('actionNone')}
                        </td>
                        <td data-label={t('organization')}>{change.organization}</td>
                        <td data-label={t('area')}>{change.area}</td>
                        <td data-label={t('status')}>
                          {change.replacesStatus && (
                            <>
                              {statusName(change.replacesStatus)} <span className="flow">
                                →
                              </span>{' '}
                            </>
                          )}
                          {statusName(change.status)}
                        </td>
                        <td data-label={t('from')}>
                          <time dateTime={change.validFrom}>
                            {formatDate(change.validFrom, locale)}
                          </time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
      </ReadyFieldset>
    </form>
  );
}
