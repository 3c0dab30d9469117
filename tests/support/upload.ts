import type { Client } from './app';

/** multipart/form-data with one file, as a browser or `curl -F file=@…` sends it. */
export function upload(
  client: Client,
  content: string | Buffer,
  options: { dryRun?: boolean; filename?: string; async?: boolean; path?: string } = {},
) {
  const boundary = '----access-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename ?? 'report.csv'}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({
    method: 'POST',
    url: `${options.path ?? '/api/imports'}?dryRun=${options.dryRun ?? true}${options.async ? '&async=true' : ''}`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** Follows a background import (GET /api/imports/{id}) until it is DONE or FAILED; its last answer. */
export async function followImport(client: Client, id: string, attempts = 400) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const job = (await client.get(`/api/imports/${id}`)).json();
    if (job.status === 'DONE' || job.status === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import never finished');
}
