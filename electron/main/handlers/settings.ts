/** Settings and app-info handlers. */
import type { Handlers } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

export function settingsHandlers(ctx: MainServices): Pick<Handlers, 'settings:get' | 'settings:update' | 'app:info'> {
  return {
    'settings:get': () => ctx.settings.get(),
    'settings:update': (patch) => ctx.settings.update(patch),
    'app:info': () => ctx.appInfo(),
  };
}
