import type { GraphQLFormattedError } from 'graphql';
import { PUBLIC_CODES } from '../resolvers/errors.js';
import { log } from './log.js';

/** "Did you mean …" would tell a guesser what exists. */
const stripSuggestions = (message: string) => message.replace(/\s*Did you mean .*$/s, '');

/**
 * What a client may see of an error: our own typed errors and GraphQL's request errors, with no suggestions;
 * everything else becomes "internal error" with the request's correlation id, and is logged in full.
 */
export function maskError(formatted: GraphQLFormattedError, original: unknown, requestId: string): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const field = formatted.extensions?.field;
    return {
      message: stripSuggestions(formatted.message),
      ...(formatted.locations && { locations: formatted.locations }),
      ...(formatted.path && { path: formatted.path }),
      extensions: { code, ...(field ? { field } : {}), requestId },
    };
  }
  log.error({ err: original, formatted, requestId }, 'internal error');
  return { message: 'internal error', ...(formatted.path && { path: formatted.path }), extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
}
