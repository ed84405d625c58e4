import { GraphQLError } from 'graphql';

/** The error codes a client may see; anything else is masked as INTERNAL with a correlation id. */
export type PublicCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'WRONG_STATE';

export const PUBLIC_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'WRONG_STATE',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

export class HubError extends GraphQLError {
  constructor(code: PublicCode, message: string, extra: { field?: string } = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const invalid = (field: string, message: string) => new HubError('BAD_USER_INPUT', `${field}: ${message}`, { field });
export const forbidden = (message = 'not allowed') => new HubError('FORBIDDEN', message);
export const notFound = (what: string) => new HubError('NOT_FOUND', `${what} not found`);

/** Always the same words and a 401, whatever was wrong with the token. */
export function unauthenticated() {
  const error = new HubError('UNAUTHENTICATED', 'invalid or expired token');
  error.extensions.http = { status: 401 };
  return error;
}
