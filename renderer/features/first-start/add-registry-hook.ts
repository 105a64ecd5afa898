import { useApp } from '../../store/index.ts';

/** The first screen's "Add a registry" step: the Add registry dialog (a registry added as a whole, its catalog listed). */
export function useAddRegistryFlow(): () => void {
  const openDialog = useApp((s) => s.openDialog);
  return () => openDialog({ kind: 'add-registry' });
}
