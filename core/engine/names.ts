import { DOCKER_HUB_DOMAIN, type ImageReference } from '../registry/reference.js';

/** docker's FamiliarName: `alpine` for docker.io/library/alpine, `user/app` for Docker Hub, else the full name. */
export function familiarName(ref: Pick<ImageReference, 'domain' | 'path' | 'gun'>): string {
  if (ref.domain !== DOCKER_HUB_DOMAIN) return ref.gun;
  return ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice(8) : ref.path;
}
