import pino from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
  redact: ['req.headers.authorization', 'req.headers["x-hub-gateway-secret"]'],
});
