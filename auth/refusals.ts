import type { AuditEvent } from '../domain/audit.ts';
import type { TokenClaims } from './tokens.ts';

export interface Refusal {
  /** The address the token came from, as this process saw it. */
  source: string;
  reason: string;
  claims?: TokenClaims;
}

type Write = (events: Extract<AuditEvent, { action: 'IDENTITY_REFUSED' }>[]) => Promise<void>;

interface Tally {
  source: string;
  reason: string;
  firstAt: Date;
  lastAt: Date;
  /** Refusals counted since the last write. */
  count: number;
  claims?: TokenClaims;
}

/** Distinct sources and reasons tallied at once; beyond this, refusals are counted under source "*". */
const MAX_TALLIES = 10_000;

/**
 * Refused tokens, audited without a row each: the first refusal of a source and reason in a window is written at once,
 * the rest of the window as one entry with its count when the window ends. A flood of garbage tokens costs at most
 * two audit rows per source, reason and window.
 */
export class RefusalLog {
  private readonly tallies = new Map<string, Tally>();
  private readonly timer: NodeJS.Timeout;
  private pending: Promise<void> = Promise.resolve();

  private readonly write: Write;
  private readonly windowMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(write: Write, windowMs = 60_000, onError: (error: unknown) => void = (error) => console.error(error)) {
    this.write = write;
    this.windowMs = windowMs;
    this.onError = onError;
    this.timer = setInterval(() => this.flush(false).catch(onError), Math.min(windowMs, 10_000)).unref();
  }

  /** Counts a refusal; resolves once it is written, when it is the first of its window. Never rejects. */
  async refuse(refusal: Refusal): Promise<void> {
    const now = new Date();
    let source = refusal.source;
    if (!this.tallies.has(`${source}\u0000${refusal.reason}`) && this.tallies.size >= MAX_TALLIES) source = '*';
    const key = `${source}\u0000${refusal.reason}`;
    const tally = this.tallies.get(key);
    if (tally && now.getTime() - tally.firstAt.getTime() < this.windowMs) {
      tally.count += 1;
      tally.lastAt = now;
      tally.claims = refusal.claims ?? tally.claims;
      return;
    }
    const first: Tally = {
      source,
      reason: refusal.reason,
      firstAt: now,
      lastAt: now,
      count: 1,
      claims: refusal.claims,
    };
    await this.writeTallies(tally ? [tally, first] : [first]).catch(this.onError);
    this.tallies.set(key, { ...first, count: 0 });
  }

  /** Writes the counts of windows that have ended (all of them when `all`, as on stop). */
  async flush(all = true): Promise<void> {
    const now = Date.now();
    const ended = [...this.tallies.entries()].filter(([, t]) => all || now - t.firstAt.getTime() >= this.windowMs);
    for (const [key] of ended) this.tallies.delete(key);
    await this.writeTallies(ended.map(([, t]) => t));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true).catch(this.onError);
    await this.pending;
  }

  private writeTallies(tallies: Tally[]): Promise<void> {
    const events = tallies
      .filter((t) => t.count > 0)
      .map(
        (t): Extract<AuditEvent, { action: 'IDENTITY_REFUSED' }> => ({
          action: 'IDENTITY_REFUSED',
          targetType: 'Identity',
          detail: {
            source: t.source,
            reason: t.reason,
            count: t.count,
            firstAt: t.firstAt.toISOString(),
            lastAt: t.lastAt.toISOString(),
            issuer: t.claims?.issuer ?? null,
            subject: t.claims?.subject ?? null,
          },
        }),
      );
    if (!events.length) return Promise.resolve();
    // One write at a time, in order; a failed write is reported by the caller's log, and the next one still runs.
    const next = this.pending.then(() => this.write(events));
    this.pending = next.catch(() => undefined);
    return next;
  }
}
