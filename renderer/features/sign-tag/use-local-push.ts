/**
 * The Sign dialog's local images: the engine's tags of the repository (engine:localImages, asked
 * once per dialog), and pushing one (engine:push) with its layers from `engine:progress` and Cancel.
 */
import { useEffect, useRef, useState } from 'react';
import type { ErrorDTO, LocalImagesDTO, PushedDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { newOperationId } from '../../store/audit.ts';
import { errorToShow } from '../../store/errors.ts';

export function useLocalImages(gun: string): LocalImagesDTO | null {
  const api = useApi();
  const [local, setLocal] = useState<LocalImagesDTO | null>(null);
  useEffect(() => {
    let live = true;
    api.engine.localImages(gun).then(
      (l) => live && setLocal(l),
      (e: unknown) => live && setLocal({ unavailable: errorToShow(e).message }),
    );
    return () => {
      live = false;
    };
  }, [api, gun]);
  return local;
}

export interface LayerState {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export interface LocalPush {
  running: boolean;
  engine: string | null;
  layers: LayerState[];
  pushed: PushedDTO | null;
  error: ErrorDTO | null;
  /** Pushes IMAGE:TAG; resolves with what the registry now serves, or null (failed or cancelled). */
  push(image: string): Promise<PushedDTO | null>;
  cancel(): void;
}

export function useLocalPush(): LocalPush {
  const api = useApi();
  const current = useRef<string | null>(null);
  const [running, setRunning] = useState(false);
  const [engine, setEngine] = useState<string | null>(null);
  const [layers, setLayers] = useState<LayerState[]>([]);
  const [pushed, setPushed] = useState<PushedDTO | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);

  useEffect(
    () =>
      api.on('engine:progress', (e) => {
        if (e.operationId !== current.current) return;
        if (e.engine) setEngine(e.engine);
        const layer = e.layer;
        if (layer)
          setLayers((ls) =>
            ls.some((l) => l.id === layer.id) ? ls.map((l) => (l.id === layer.id ? layer : l)) : [...ls, layer],
          );
      }),
    [api],
  );

  const push = async (image: string): Promise<PushedDTO | null> => {
    const operationId = newOperationId();
    current.current = operationId;
    setRunning(true);
    setLayers([]);
    setPushed(null);
    setError(null);
    try {
      const r = await api.engine.push({ operationId, reference: image });
      setPushed(r);
      return r;
    } catch (e) {
      setError(errorToShow(e));
      return null;
    } finally {
      setRunning(false);
    }
  };

  const cancel = (): void => {
    if (current.current) void api.engine.cancel({ operationId: current.current });
  };

  return { running, engine, layers, pushed, error, push, cancel };
}
