/**
 * HOOK: the first screen's "Add a registry" step. The Audit view's Add-registry flow (a registry
 * added as a whole, its catalog's repositories listed; built in parallel with this screen) plugs in
 * here: return the function that opens it, and the first screen offers "Add registry". Until it
 * does, this returns null and the first screen offers adding repositories one by one.
 */
export function useAddRegistryFlow(): (() => void) | null {
  return null;
}
