import type { Services } from '../auth/context.ts';
import { RefusalLog } from '../auth/refusals.ts';
import { createVerifier } from '../auth/tokens.ts';
import type { HubConfig } from '../config.ts';
import { recordReadAudit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import { cryptoSuite, Sealer, Signer } from '../domain/crypto.ts';
import { log } from './log.ts';

/** The keys a process protects data with, under the suite HUB_CRYPTO names (domain/crypto.ts). */
export function createKeys(config: HubConfig) {
  const suite = cryptoSuite({ HUB_CRYPTO: config.crypto });
  return {
    sealer: new Sealer(config.dataKey, { suite, previous: config.previousDataKeys }),
    signer: new Signer(config.signingKey, { suite, previous: config.previousSigningKeys }),
  };
}

/**
 * What a process answering requests needs: the database, the sealer of ID numbers, the signer of what it publishes, the token verifier, the rules a
 * deployment sets, and the refusal log, which audits refused tokens by source and minute and says so in the log.
 */
export function createServices(config: HubConfig, db: Db, refusalWindowMs = 60_000): Services {
  return {
    db,
    ...createKeys(config),
    verify: createVerifier(config.issuers, config.audience),
    settings: config.settings,
    refusals: new RefusalLog(
      async (events) => {
        for (const event of events) log.warn(event.detail, 'tokens refused');
        await recordReadAudit(db, null, events);
      },
      refusalWindowMs,
      (error) => log.error({ err: error }, 'refused tokens could not be audited'),
    ),
  };
}
