/** The local Docker engine in the Sign dialog: its images of a repository, and pushing one with progress. */

export interface LocalImageDTO {
  tag: string;
  /** The engine's image ID (not a registry digest). */
  id: string;
  /** Unix seconds. */
  created?: number;
  size?: number;
}

/** `engine:localImages`: the engine's tags of the repository, or why there are none to show. */
export type LocalImagesDTO = { engine: string; images: LocalImageDTO[] } | { engine?: string; unavailable: string };

export interface PushRequest {
  /** Chosen by the renderer: names this push's `engine:progress` events and `engine:cancel`. */
  operationId: string;
  /** IMAGE:TAG */
  reference: string;
}

/** What was pushed: the digest and size the registry now serves for the tag (hex, as docker trust inspect). */
export interface PushedDTO {
  gun: string;
  tag: string;
  digest: string;
  size: number;
}

/** A push's progress: started (the engine named), a layer's state, or done (the registry's digest). */
export interface EngineProgressEvent {
  operationId: string;
  engine?: string;
  layer?: { id: string; status: string; current?: number; total?: number };
  pushed?: { digest: string; size: number };
}
