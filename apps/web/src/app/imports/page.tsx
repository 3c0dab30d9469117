import type { Metadata } from 'next';
import { requireUser } from '@/lib/api';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import a CSV' };

export default async function ImportPage() {
  const user = await requireUser();
  if (user.role === 'VIEWER')
    return <p className="alert">Your role can read and export entries but not import them.</p>;
  return (
    <>
      <h1>Import entries from a CSV</h1>
      <div className="panel">
        <p>
          Use a file exported from this product (edit it in a spreadsheet and save it as{' '}
          <strong>CSV UTF-8</strong>), or any CSV whose columns carry the same HXL hashtags (
          <code>#org+name</code>, <code>#loc+name</code>, <code>#access+status</code>,{' '}
          <code>#date+start</code>, <code>#meta+sensitivity</code>…) in a row among the first 25.
          Organisations and areas must already exist.
          {user.role === 'EDITOR' && ' You can import rows of your own organisation only.'}
        </p>
        <p className="muted">
          First the file is checked and nothing is written; you then see what would change, row by
          row, and confirm. All rows are imported or none.
        </p>
        <ImportForm csrfToken={user.csrfToken ?? ''} />
      </div>
    </>
  );
}
