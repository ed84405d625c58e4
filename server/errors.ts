import { type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HubError } from '../domain/errors.ts';
import { log } from './log.ts';

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
  'SERVICE_UNAVAILABLE',
]);

/** How long a caller waits before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|not queryable|Connection refused/i;

/** Whether an error, or one it wraps (drizzle, graphql-js, Apollo), says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown) {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

const UNAVAILABLE_MESSAGE = 'the database is unavailable; try again shortly';

/**
 * A subgraph the gateway could not reach: the connection refused, reset or timed out, or a proxy in front of it
 * answering 502, 503 or 504 without a GraphQL answer. A part of the hub is away, not the database.
 */
export class SubgraphUnavailable extends Error {
  readonly subgraph: string;

  constructor(subgraph: string, cause: unknown) {
    super(`the ${subgraph} subgraph cannot be reached`, { cause });
    this.subgraph = subgraph;
  }
}

const subgraphAway = (error: unknown) => {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++)
    if (e instanceof SubgraphUnavailable) return e;
  return undefined;
};

/** What a caller gets while the database is away: 503 with Retry-After, which agency systems retry on. */
export function serviceUnavailable() {
  // Apollo Server reads the status and headers of an error thrown before execution from extensions.http.
  const http = { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) };
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: { code: 'SERVICE_UNAVAILABLE', http } as Record<string, unknown>,
  });
}

/** A response carrying SERVICE_UNAVAILABLE (from a resolver, or from a subgraph through the gateway) is a 503. */
export const unavailableAs503 = <C extends BaseContext>(): ApolloServerPlugin<C> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      },
    };
  },
});

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
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
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
/**
 * The field a variable-coercion error is about, from graphql-js's message: `input.effectiveOn` for a value at a path,
 * `input.reasons` for a required field left out, `at` for a whole variable.
 */
export function coercedField(message: string): string | undefined {
  const variable = /^Variable "\$(\w+)" got invalid value/.exec(message)?.[1];
  if (!variable) return undefined;
  const at = /got invalid value .*? at "([^"]+)"/.exec(message)?.[1] ?? variable;
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  const unknown = /Field "(\w+)" is not defined by type/.exec(message)?.[1];
  return [at, missing ?? unknown].filter(Boolean).join('.');
}

export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  requestId: string,
): GraphQLFormattedError {
  const away = subgraphAway(original);
  if (away) {
    log.warn({ err: away.cause, subgraph: away.subgraph, requestId }, 'subgraph unavailable');
    return {
      message: `the hub's ${away.subgraph} service is unavailable; try again shortly`,
      ...(formatted.path && { path: formatted.path }),
      extensions: { code: 'SERVICE_UNAVAILABLE', requestId },
    };
  }
  if (isDatabaseUnavailable(original)) {
    log.warn({ err: original, requestId }, 'database unavailable');
    return {
      message: UNAVAILABLE_MESSAGE,
      ...(formatted.path && { path: formatted.path }),
      extensions: { code: 'SERVICE_UNAVAILABLE', requestId },
    };
  }
  const hub = hubErrorOf(original);
  const code = hub?.code ?? formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const field =
      hub?.field ??
      formatted.extensions?.field ??
      (code === 'BAD_USER_INPUT' ? coercedField(formatted.message) : undefined);
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
