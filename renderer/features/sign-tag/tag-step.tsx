/**
 * The Sign dialog's first step: the tag, typed or picked from the registry's tag list (each one
 * saying whether it is signed, and by whom), so a user does not have to know the tags. One entry
 * per tag name (what is signed is a tag): a tag signed with two digests says both, and which one
 * docker pull gets.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ErrorDTO, LocalImagesDTO, RegistryTagsDTO } from '../../../electron/ipc/contract.ts';
import type { SignedTagRow } from '../../lib/types.ts';
import { useApi } from '../../api.ts';
import { explain } from '../../lib/explain.ts';
import { signersText, truncateId } from '../../lib/format.ts';
import { errorToShow } from '../../store/errors.ts';
import { TextField } from '../../components/text-field.tsx';

/** The registry's tags of `gun`, asked once per dialog. */
function useRegistryTags(gun: string): { tags: RegistryTagsDTO | null; error: ErrorDTO | null } {
  const api = useApi();
  const [tags, setTags] = useState<RegistryTagsDTO | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  useEffect(() => {
    let live = true;
    api.registry.tags(gun).then(
      (t) => live && setTags(t),
      (e: unknown) => live && setError(errorToShow(e)),
    );
    return () => {
      live = false;
    };
  }, [api, gun]);
  return { tags, error };
}

export function TagStep({
  gun,
  tag,
  setTag,
  signedTags,
  local,
  push,
  setPush,
}: {
  gun: string;
  tag: string;
  setTag: (tag: string) => void;
  /** The repository's signed tags, when its trust data is loaded. */
  signedTags: SignedTagRow[];
  /** The Docker engine's images of the repository (null while asked). */
  local: LocalImagesDTO | null;
  /** Push the local image before signing (docker trust sign --local). */
  push: boolean;
  setPush: (push: boolean) => void;
}): ReactNode {
  const { tags, error } = useRegistryTags(gun);
  const localTags = local && 'images' in local ? local.images.map((i) => i.tag) : [];
  const pick = (t: string): void => {
    setTag(t);
    // a local tag the registry lacks can only be signed after it is pushed
    setPush(localTags.includes(t) && tags !== null && !(tags.tags ?? []).includes(t));
  };
  const signed = rowsByTag(signedTags);
  const listed = tags?.tags ?? [];
  // a signed tag the registry no longer lists can still be co-signed (its signed digest is kept)
  const all = [...new Set([...listed, ...signed.keys()])];
  return (
    <>
      <TextField id="sign-tag-input" label="Tag" value={tag} onChange={setTag} data-autofocus="" />
      <p className="dlg-hint">Type any tag, or pick one from the registry’s list below.</p>
      {all.length > 0 && (
        <>
          <label htmlFor="sign-tag-list">Tags in the registry</label>
          <select
            id="sign-tag-list"
            size={Math.min(8, Math.max(2, all.length))}
            value={all.includes(tag.trim()) ? tag.trim() : ''}
            onChange={(e) => pick(e.target.value)}
          >
            {all.map((t) => {
              const rows = signed.get(t);
              // until the registry's list arrives, nothing is said about what it lacks
              const where = tags === null || listed.includes(t) ? '' : ', no longer in the registry';
              return (
                <option key={t} value={t}>
                  {t} — {rows ? signedText(rows) : 'not signed'}
                  {where}
                </option>
              );
            })}
          </select>
        </>
      )}
      {!tags && !error && (
        <p role="status" className="muted small-text">
          Reading the registry’s tags…
        </p>
      )}
      {tags && !tags.found && (
        <p className="muted small-text">
          The registry has no repository {gun} yet: push the image first, or type the tag if it is elsewhere.
        </p>
      )}
      {tags?.found && listed.length === 0 && <p className="muted small-text">The registry lists no tags for {gun}.</p>}
      {error && (
        <p className="muted small-text">
          The registry’s tags could not be listed ({explain(error).title}: {error.message}); type the tag.
        </p>
      )}
      <LocalImages local={local} listed={tags?.tags ?? null} tag={tag.trim()} pick={pick} />
      {localTags.includes(tag.trim()) && (
        <label className="dlg-choice">
          <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} /> Push the local image{' '}
          {tag.trim()} first, then sign the digest the registry serves for it
        </label>
      )}
    </>
  );
}

/** The engine's tags of the repository, each saying whether the registry has it; or why there are none. */
function LocalImages({
  local,
  listed,
  tag,
  pick,
}: {
  local: LocalImagesDTO | null;
  listed: string[] | null;
  tag: string;
  pick: (tag: string) => void;
}): ReactNode {
  if (local === null)
    return (
      <p role="status" className="muted small-text">
        Asking the Docker engine for local images…
      </p>
    );
  if (!('images' in local))
    return (
      <p className="muted small-text local-images-none">
        Local images cannot be listed: {local.unavailable}. Start Docker (or podman system service) to sign an image
        that is only on this computer.
      </p>
    );
  if (local.images.length === 0)
    return (
      <p className="muted small-text">The Docker engine at {local.engine} has no local images of this repository.</p>
    );
  return (
    <>
      <label htmlFor="sign-local-list">Local images (Docker engine at {local.engine})</label>
      <select
        id="sign-local-list"
        size={Math.min(6, Math.max(2, local.images.length))}
        value={local.images.some((i) => i.tag === tag) ? tag : ''}
        onChange={(e) => pick(e.target.value)}
      >
        {local.images.map((i) => (
          <option key={i.tag} value={i.tag}>
            {i.tag} —{' '}
            {listed === null
              ? 'local'
              : listed.includes(i.tag)
                ? 'local; the registry has this tag too'
                : 'local, not pushed yet'}
          </option>
        ))}
      </select>
    </>
  );
}

function rowsByTag(rows: readonly SignedTagRow[]): Map<string, SignedTagRow[]> {
  const out = new Map<string, SignedTagRow[]>();
  for (const r of rows) out.set(r.tag, [...(out.get(r.tag) ?? []), r]);
  return out;
}

/** "signed by alice", or for a tag signed with two digests both, the one docker pull gets first. */
export function signedText(rows: readonly SignedTagRow[]): string {
  if (rows.length === 1) return `signed by ${signersText(rows[0]!.signers)}`;
  const pulled = rows.find((r) => r.pulled);
  const others = rows.filter((r) => r !== pulled);
  const head = pulled
    ? `signed by ${signersText(pulled.signers)} (docker pull gets ${truncateId(pulled.digest)})`
    : 'signed';
  return `${head}; also ${others.map((r) => `${truncateId(r.digest)} by ${signersText(r.signers)}`).join(', ')}, shadowed`;
}
