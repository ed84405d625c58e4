import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../domain/errors.js';
import { log } from './log.js';

const PUBLIC_CODES = new Set<string>([
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

/** Each HubError's HTTP status, for the routes that answer outside GraphQL (documents' and reports' files). */
export const HTTP_STATUS: Record<HubError['code'], number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WRONG_STATE: 409,
};
/** The statuses a GraphQL response carries when it is refused before execution (tokens, introspection). */
const BEFORE_EXECUTION = new Set<HubError['code']>(['UNAUTHENTICATED', 'FORBIDDEN']);

/** The hub's own error somewhere in the chain of wrapped errors graphql-js and Apollo build around it. */
export function hubErrorOf(error: unknown): HubError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof HubError) return e;
  }
  return undefined;
}

/** A HubError as GraphQL sends it; with its HTTP status where it is thrown before execution (tokens, introspection). */
export function toGraphQLError(error: unknown, withStatus = false): unknown {
  const hub = hubErrorOf(error);
  if (!hub) return error;
  const status = BEFORE_EXECUTION.has(hub.code) ? HTTP_STATUS[hub.code] : undefined;
  return new GraphQLError(hub.message, {
    extensions: {
      code: hub.code,
      ...(hub.field && { field: hub.field }),
      ...(withStatus && status && { http: { status } }),
    },
  });
}

/** An error as the audit log's denial check reads it: the hub's own code where there is one. */
export function errorSeen(error: GraphQLError | GraphQLFormattedError) {
  const code = hubErrorOf(error)?.code ?? error.extensions?.code;
  return { message: error.message, path: error.path, code: typeof code === 'string' ? code : undefined };
}

/** "Did you mean …" would tell a guesser what exists. */
const stripSuggestions = (message: string) => message.replace(/\s*Did you mean .*$/s, '');

/**
 * What a client may see of an error: our own typed errors and GraphQL's request errors, with no suggestions;
 * everything else becomes "internal error" with the request's correlation id, and is logged in full.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  requestId: string,
): GraphQLFormattedError {
  const hub = hubErrorOf(original);
  const code = hub?.code ?? formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const field = hub ? hub.field : formatted.extensions?.field;
    return {
      message: stripSuggestions(hub?.message ?? formatted.message),
      ...(formatted.locations && { locations: formatted.locations }),
      ...(formatted.path && { path: formatted.path }),
      extensions: { code, ...(field ? { field } : {}), requestId },
    };
  }
  log.error({ err: original, formatted, requestId }, 'internal error');
  return {
    message: 'internal error',
    ...(formatted.path && { path: formatted.path }),
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}
