/**
 * One "Migrate to cosign" dialog's life: the plan (main's dry run of core's migration), then the
 * run, each under its own operation ID, with main's progress events (repositories as they finish)
 * and Cancel. Nothing here decides a state: every row, summary and exit status is core's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ErrorDTO,
  MigrateProgressEvent,
  MigrateReportDTO,
  MigrateRepositoryDTO,
} from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { newOperationId } from '../../store/audit.ts';
import { errorToShow } from '../../store/errors.ts';

export type MigrationPhase = 'planning' | 'planned' | 'migrating' | 'done' | 'failed';

export interface Migration {
  phase: MigrationPhase;
  /** The operation running now, or the last one (whose report main keeps for Export policies). */
  operationId: string;
  plan: MigrateReportDTO | null;
  /** The run's report (final states), once it ends. */
  result: MigrateReportDTO | null;
  progress: Pick<MigrateProgressEvent, 'phase' | 'total' | 'done'> | null;
  /** Repositories of the running operation as they finish. */
  finished: MigrateRepositoryDTO[];
  /** Why the plan or run could not run at all. */
  error: ErrorDTO | null;
  cancelling: boolean;
}

export interface MigrationControls {
  state: Migration;
  migrate(): Promise<void>;
  cancel(): Promise<void>;
  /** Plans again (after a failure). */
  replan(): Promise<void>;
}

const initial = (): Migration => ({
  phase: 'planning',
  operationId: newOperationId(),
  plan: null,
  result: null,
  progress: null,
  finished: [],
  error: null,
  cancelling: false,
});

export function useMigration(targets: string[], onResult?: (r: MigrateReportDTO) => void): MigrationControls {
  const api = useApi();
  const [state, setState] = useState<Migration>(initial);
  const current = useRef(state.operationId);
  const mounted = useRef(true);
  const set = useCallback((f: (s: Migration) => Migration) => mounted.current && setState(f), []);

  useEffect(() => {
    mounted.current = true;
    const off = api.on('migrate:progress', (e) => {
      if (e.operationId !== current.current) return;
      set((s) => ({
        ...s,
        progress: { phase: e.phase, total: e.total, done: e.done },
        finished: e.repository ? [...s.finished, e.repository] : s.finished,
      }));
    });
    return () => {
      mounted.current = false;
      off();
    };
  }, [api, set]);

  const start = useCallback(
    async (dryRun: boolean): Promise<void> => {
      const operationId = newOperationId();
      current.current = operationId;
      set((s) => ({
        ...s,
        phase: dryRun ? 'planning' : 'migrating',
        operationId,
        progress: null,
        finished: [],
        error: null,
        cancelling: false,
        ...(dryRun ? { plan: null, result: null } : {}),
      }));
      try {
        const call = dryRun ? api.migrate.plan : api.migrate.run;
        const report = await call({ operationId, targets });
        set((s) => ({
          ...s,
          phase: dryRun ? 'planned' : 'done',
          ...(dryRun ? { plan: report } : { result: report }),
        }));
        if (!dryRun) onResult?.(report);
      } catch (e) {
        // a run that failed leaves the plan shown; a plan that failed has nothing else to show
        set((s) => ({ ...s, phase: dryRun ? 'failed' : 'planned', error: errorToShow(e) }));
      }
    },
    [api, targets, set, onResult],
  );

  const planned = useRef(false);
  useEffect(() => {
    // once per dialog (React's strict mode mounts twice in development)
    if (planned.current) return;
    planned.current = true;
    void start(true);
  }, [start]);

  const cancel = useCallback(async (): Promise<void> => {
    set((s) => ({ ...s, cancelling: true }));
    await api.migrate.cancel({ operationId: current.current }).catch(() => undefined);
  }, [api, set]);

  return { state, migrate: () => start(false), cancel, replan: () => start(true) };
}
