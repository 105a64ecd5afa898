/** Main's file dialogs for the renderer: a handle and the file's name back, never a path. */
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

export function fileHandlers(ctx: MainServices): Pick<Handlers, 'files:chooseSave' | 'files:chooseOpen'> {
  return {
    'files:chooseSave': (req) => ctx.files.chooseSave(req.purpose, req.suggestedName),
    'files:chooseOpen': (req) => ctx.files.chooseOpen(req.purpose),
  };
}
