export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CSRF_FAILED'
  | 'SESSION_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PERIOD_CONFLICT'
  | 'VERSION_SUPERSEDED'
  | 'TIMELINE_MOVED'
  | 'PROPOSAL_UNDER_REVIEW'
  | 'PRECONDITION_FAILED'
  | 'RATE_LIMITED';

export interface FieldIssue {
  field: string;
  message: string;
}

/** The one error a use-case throws; the API maps `code` to an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalid(field: string, message: string): AppError {
    return new AppError('VALIDATION_FAILED', `${field}: ${message}`, {
      issues: [{ field, message }] satisfies FieldIssue[],
    });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} was not found`);
  }
}
