import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a piece of code runs for, so that error masking can name its correlation id. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();
export const currentRequestId = () => requestScope.getStore()?.requestId ?? 'none';
