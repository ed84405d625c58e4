/** The error codes a client may see; anything else is masked as internal, with a correlation id. */
export type PublicCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'WRONG_STATE';

/** An error meant for the caller: its code and message reach the client, and `field` names the input at fault. */
export class HubError extends Error {
  readonly code: PublicCode;
  readonly field?: string;

  constructor(code: PublicCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
    this.name = 'HubError';
  }
}

export const invalid = (field: string, message: string) =>
  new HubError('BAD_USER_INPUT', `${field}: ${message}`, field);
export const forbidden = (message = 'not allowed') => new HubError('FORBIDDEN', message);
export const notFound = (what: string) => new HubError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new HubError('CONFLICT', message);
export const wrongState = (message: string) => new HubError('WRONG_STATE', message);
/** Always the same words, whatever was wrong with the token; served with status 401. */
export const unauthenticated = () => new HubError('UNAUTHENTICATED', 'invalid or expired token');
