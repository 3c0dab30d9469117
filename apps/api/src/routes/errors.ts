import { ZErrorResponse } from '@access/contracts';

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  403: ZErrorResponse,
  404: ZErrorResponse,
  409: ZErrorResponse,
  /** DATABASE_UNAVAILABLE, or QUERY_TIMEOUT: the request ran past the statement timeout */
  503: ZErrorResponse,
} as const;
