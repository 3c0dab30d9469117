/** Changes from the browser, through the dashboard's own /api, with the session's CSRF token. */
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  /** field path → message, from the API's details.issues */
  fields: Record<string, string>;
  details?: Record<string, unknown>;
}

export async function send<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  csrfToken: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ ok: true; data: T } | { ok: false; problem: ApiProblem }> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      problem: {
        status: 0,
        code: 'NETWORK',
        message: 'The server could not be reached. Nothing was saved; try again.',
        fields: {},
      },
    };
  }
  const payload = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: payload as T };
  const error = payload?.error ?? {};
  const fields: Record<string, string> = {};
  for (const issue of (error.details?.issues ?? []) as { field: string; message: string }[])
    fields[issue.field] ??= issue.message;
  return {
    ok: false,
    problem: {
      status: response.status,
      code: error.code ?? 'UNKNOWN',
      message: error.message ?? `The server answered ${response.status}`,
      fields,
      details: error.details,
    },
  };
}

/** zod issues → field path → first message, in the same "a.0.b" form the API uses. */
export function issuesByField(
  issues: { path: PropertyKey[]; message: string }[],
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join('.') || 'form'] ??= issue.message;
  return fields;
}
