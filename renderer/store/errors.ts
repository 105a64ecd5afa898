import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { ApiError } from '../api.ts';

export function toErrorDTO(e: unknown): ErrorDTO {
  if (e instanceof ApiError) return e.toDTO();
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
