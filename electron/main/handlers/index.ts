/** Every channel's handler, from one file per domain; `satisfies Handlers` makes a missing one a compile error. */
import { pinHandlers } from './pins.js';
import { tagHandlers } from './tags.js';
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';
import { auditHandlers } from './audit.js';
import { engineHandlers } from './engine.js';
import { fileHandlers } from './files.js';
import { historyHandlers } from './history.js';
import { keyHandlers } from './keys.js';
import { migrateHandlers } from './migrate.js';
import { registryHandlers } from './registries.js';
import { repositoryHandlers } from './repositories.js';
import { settingsHandlers } from './settings.js';
import { signerHandlers } from './signers.js';
import { trustHandlers } from './trust.js';
import { tokenHandlers } from './tokens.js';

export function createHandlers(ctx: MainServices): Handlers {
  return {
    ...tagHandlers(ctx),
    ...pinHandlers(ctx),
    ...repositoryHandlers(ctx),
    ...trustHandlers(ctx),
    ...signerHandlers(ctx),
    ...keyHandlers(ctx),
    ...tokenHandlers(ctx),
    ...settingsHandlers(ctx),
    ...registryHandlers(ctx),
    ...auditHandlers(ctx),
    ...migrateHandlers(ctx),
    ...engineHandlers(ctx),
    ...historyHandlers(ctx),
    ...fileHandlers(ctx),
    'passphrase:answer': async (answer) => {
      await ctx.broker.answer(answer);
      return { accepted: true as const };
    },
    'passphrase:cancel': async (req) => {
      ctx.broker.cancel(req.requestId);
      return { cancelled: true as const };
    },
  } satisfies Handlers;
}
