/**
 * Hardware tokens in the app: which PKCS#11 module (Settings, else SIGNET_PKCS11_MODULE, else a
 * common one installed) and the tokens it offers. The module's path stays in main: the window
 * chooses it in main's Open dialog and is shown its file name.
 */
import { isSignetError } from '../../../core/errors.js';
import { choosePkcs11Module } from '../../../core/node/pkcs11-module.js';
import { nodeTokenKeys } from '../../../core/node/token-context.js';
import type { Handlers, TokensDTO } from '../../ipc/contract.js';
import { displayName } from '../files.js';
import type { MainServices } from '../services.js';
import { describeKeys } from './keys.js';

type TokenHandlers = Pick<
  Handlers,
  'keys:tokens' | 'keys:setTokenModule' | 'keys:resetTokenModule' | 'keys:copyToToken'
>;

export async function tokensView(ctx: MainServices): Promise<TokensDTO> {
  const { pkcs11Module } = await ctx.settings.settings();
  const off = pkcs11Module === 'off';
  const choice = choosePkcs11Module({ settings: pkcs11Module, env: ctx.env });
  if (!choice) return { module: null, off, tokens: [] };
  const source = choice.source as 'settings' | 'env' | 'default';
  let module = { name: displayName(choice.path), source };
  // listing needs no PIN: a source that never answers
  const tokens = nodeTokenKeys({ settings: pkcs11Module, env: ctx.env }, { get: async () => undefined }, ctx.now);
  try {
    const list = (await tokens?.listTokens()) ?? [];
    // found automatically: the common module that sees a token
    if (tokens) module = { name: displayName(tokens.driver.module), source };
    return { module, off, tokens: list.map((t) => ({ ...t })) };
  } catch (e) {
    const problem = isSignetError(e)
      ? { message: e.message, ...(e.hint ? { hint: e.hint } : {}) }
      : { message: String(e) };
    return { module, off, tokens: [], problem };
  } finally {
    await tokens?.close().catch(() => undefined);
  }
}

export function tokenHandlers(ctx: MainServices): TokenHandlers {
  return {
    'keys:tokens': () => tokensView(ctx),
    'keys:setTokenModule': (req) =>
      ctx.files.useOpen(req.file, 'pkcs11-module', async (file) => {
        await ctx.settings.update({ pkcs11Module: file.path });
        return tokensView(ctx);
      }),
    'keys:copyToToken': async (req) => {
      const info = await ctx.withWriter('keys:copyToToken', undefined, (w) =>
        w.keys.copyToToken(req.keyId, req.token, { removeSoftwareCopy: req.removeSoftwareCopy }),
      );
      const [dto] = await describeKeys(ctx, [info]);
      return dto!;
    },
    'keys:resetTokenModule': async (req) => {
      await ctx.settings.update({ pkcs11Module: req.off ? 'off' : undefined });
      return tokensView(ctx);
    },
  };
}
