import pino from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unknown LOG_LEVEL is refused by name when the configuration is read (config.ts); until then it is the default. */
const asked = LOG_LEVELS.find((level) => level === process.env.LOG_LEVEL);

export const log = pino({
  level: asked ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
  redact: ['req.headers.authorization', 'req.headers["x-hub-gateway-secret"]'],
});
