/**
 * Verifies every root version by its link to the trusted root, by the one root rule
 * (core/tuf/root-rotation.ts, which the live update uses too): version N+1 must carry signatures of
 * version N's root keys meeting N's threshold, and each version must be signed by its own root keys
 * with certificates valid when it was published. Walking
 * down from the trusted root, a version that fails or is missing breaks the chain below it.
 */
import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { checkRootContinuity, checkRootSelf } from '../tuf/root-rotation.js';
import type { RootSigned, SignedFile } from '../tuf/types.js';
import { checkSigned, fail, type Entry } from './entries.js';

export interface ChainInput {
  gun: string;
  roots: Entry[];
  /** sha256 of the root the client trusts (verified now by the TUF update); else the newest kept root. */
  anchorSha?: string;
  crypto: CryptoProvider;
  now: Date;
  /** When a version was published (null: unknown). */
  timeOf: (e: Entry) => Date | null;
}

const rootOf = (e: Entry): SignedFile<RootSigned> => e.v.file as SignedFile<RootSigned>;

/** Self-consistency of one root by the one root rule (core/tuf/root-rotation.ts), as of when it was published. */
function checkSelf(e: Entry, input: ChainInput): void {
  const root = rootOf(e).signed;
  const at = input.timeOf(e);
  checkSigned(e, root.keys, root.roles.root, at, input.crypto); // records who signed it, and its expiry then
  checkRootSelf(rootOf(e), { gun: input.gun, crypto: input.crypto, certsAt: at ?? input.now });
}

/** Marks every root entry ok or failed; returns notes about the chain. */
export function verifyRootChain(input: ChainInput): string[] {
  const notes: string[] = [];
  const usable = input.roots.filter((e) => e.status === 'pending');
  if (usable.length === 0) return notes;
  const byVersion = new Map<number, Entry[]>();
  for (const e of usable) byVersion.set(e.v.version, [...(byVersion.get(e.v.version) ?? []), e]);

  let anchor = input.anchorSha ? usable.find((e) => e.v.sha256 === input.anchorSha) : undefined;
  if (!anchor) {
    // no root verified with the server in this run: the newest kept root that verifies on its own
    for (const e of [...usable].sort((a, b) => b.v.version - a.v.version)) {
      try {
        checkSelf(e, input);
        anchor = e;
        break;
      } catch (err) {
        fail(e, err);
      }
    }
    if (!anchor) return notes;
    notes.push(
      `trust is anchored on root v${anchor.v.version} as kept locally (the server's current root was not verified in this run)`,
    );
  } else {
    checkSelf(anchor, input); // verified by the TUF update already; this records its signers
  }
  anchor.status = 'ok';
  const versions = [...byVersion.keys()];

  // down from the anchor: each older version must have signed the next one
  let next = anchor;
  let broken: string | undefined;
  for (let v = anchor.v.version - 1; v >= Math.min(...versions); v--) {
    const cands = byVersion.get(v) ?? [];
    if (broken !== undefined) {
      for (const e of cands)
        fail(e, new SignetError('TUF_BAD_ROOT', `root: cannot be linked to the trusted root: ${broken}`));
      continue;
    }
    if (cands.length === 0) {
      broken = `root v${v} is missing`;
      if (v >= 1)
        notes.push(`root v${v} is neither on the server nor kept locally: older root versions cannot be verified`);
      continue;
    }
    const linked = cands.find((e) => tryLink(e, rootOf(next), input));
    for (const e of cands) if (e !== linked) fail(e, linkError(e, rootOf(next), input));
    if (linked) {
      linked.status = 'ok';
      signedAlsoBy(next, linked, input);
      next = linked;
    } else broken = `root v${v} failed verification`;
  }

  // up from the anchor (kept versions newer than the server's root): each signed by the one before
  let prev = anchor;
  broken = undefined;
  for (let v = anchor.v.version + 1; v <= Math.max(...versions); v++) {
    const cands = byVersion.get(v) ?? [];
    if (broken !== undefined || cands.length === 0) {
      broken ??= `root v${v} is missing`;
      for (const e of cands)
        fail(e, new SignetError('TUF_BAD_ROOT', `root: cannot be linked to the trusted root: ${broken}`));
      continue;
    }
    const linked = cands.find((e) => tryForward(e, prev, input));
    for (const e of cands) if (e !== linked && e.status !== 'failed') fail(e, forwardError(e, prev, input));
    if (linked) {
      linked.status = 'ok';
      signedAlsoBy(linked, prev, input);
      prev = linked;
    } else broken = `root v${v} failed verification`;
  }
  return notes;
}

/** Who signed a root includes the previous root's keys that signed it (a root key rotation is signed by both). */
function signedAlsoBy(newer: Entry, older: Entry, input: ChainInput): void {
  const ids = checkRootContinuity(rootOf(older).signed, rootOf(newer), input.crypto);
  newer.v.signedBy = [...new Set([...newer.v.signedBy, ...ids])].sort();
}

/** `older` is authentic when `newer` (trusted) carries its root keys' signatures, and it verifies itself. */
function tryLink(older: Entry, newer: SignedFile<RootSigned>, input: ChainInput): boolean {
  return linkError(older, newer, input) === undefined;
}

function linkError(older: Entry, newer: SignedFile<RootSigned>, input: ChainInput): unknown {
  try {
    checkRootContinuity(rootOf(older).signed, newer, input.crypto);
    checkSelf(older, input);
    return undefined;
  } catch (e) {
    return e;
  }
}

function tryForward(e: Entry, prev: Entry, input: ChainInput): boolean {
  return forwardError(e, prev, input) === undefined;
}

function forwardError(e: Entry, prev: Entry, input: ChainInput): unknown {
  try {
    checkRootContinuity(rootOf(prev).signed, rootOf(e), input.crypto);
    checkSelf(e, input);
    return undefined;
  } catch (err) {
    return err;
  }
}
