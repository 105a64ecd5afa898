import { isSignetError } from '../errors.js';
import { whenLeft, type HubSunset } from '../notary/hub-sunset.js';
import { refusedTagNote, type RefusedTag } from '../trust/view-types.js';
import type { AuditProblem, AuditRole } from './types.js';

/** The problems an audit reports, each in plain language with what to do (one place for the wording). */

const sha = (hex: string): string => `sha256:${hex}`;

export function movedProblem(gun: string, tag: string, signed: string, served: string): AuditProblem {
  return {
    kind: 'moved',
    subject: tag,
    message: `${tag}: the registry serves ${sha(served)} but ${sha(signed)} was signed`,
    fix: `docker pull with content trust refuses this tag: push the signed image again, or if the new content is intended, sign it (signet sign ${gun}:${tag})`,
  };
}

export function missingProblem(gun: string, tag: string): AuditProblem {
  return {
    kind: 'missing',
    subject: tag,
    message: `${tag}: signed, but the registry no longer has this tag`,
    fix: `push the signed image again as ${gun}:${tag}, or remove the signature (signet revoke ${gun}:${tag})`,
  };
}

export function unsignedProblem(gun: string, tags: string[], signedRepo: boolean): AuditProblem {
  const list = tags.length <= 5 ? tags.join(', ') : `${tags.slice(0, 5).join(', ')} and ${tags.length - 5} more`;
  return signedRepo
    ? {
        kind: 'unsigned',
        message: `${tags.length === 1 ? `tag ${list} is` : `${tags.length} tags (${list}) are`} in the registry but nobody signed ${tags.length === 1 ? 'it' : 'them'}`,
        fix: `docker pull with content trust refuses unsigned tags: sign the ones meant for use (signet sign ${gun}:${tags[0]}) or delete the others from the registry`,
      }
    : {
        kind: 'unsigned',
        message: `no trust data: none of its ${tags.length} tag${tags.length === 1 ? ' is' : 's are'} signed (${list})`,
        fix: `sign the tags meant for use (signet sign ${gun}:${tags[0]}), or leave this repository out of the audit if it is not meant to be signed`,
      };
}

export function roleProblem(gun: string, r: AuditRole): AuditProblem | undefined {
  if (r.state === 'ok') return undefined;
  const again = r.serverRenewed ? '' : ` (signet witness ${gun} ${r.role})`;
  if (r.state === 'expired') {
    return {
      kind: 'expired',
      subject: r.role,
      message: `${r.role} expired${r.expires ? ` on ${r.expires}` : ''}: docker pull with content trust refuses the repository's signatures`,
      fix: r.serverRenewed
        ? `the trust server renews the ${r.role} itself: check that it is running and holds the ${r.role} key, or audit again online with a fresh copy of the trust data`
        : `re-sign the role with its key${again}`,
    };
  }
  return {
    kind: 'expiring',
    subject: r.role,
    message: `${r.role} expires on ${r.expires} (in ${r.days} day${r.days === 1 ? '' : 's'})`,
    fix: `re-sign the role before then${again}`,
  };
}

/** Why the trust data could not be used: unreachable server vs. data that failed verification. */
export function trustProblem(server: string, e: unknown): AuditProblem {
  const message = e instanceof Error ? e.message : String(e);
  const hint = isSignetError(e) ? e.hint : undefined;
  const unreachable =
    isSignetError(e) &&
    ['HTTP_UNREACHABLE', 'HTTP_TIMEOUT', 'HTTP_TLS', 'HTTP_SERVER_ERROR', 'HTTP_INSECURE', 'BAD_CONFIG'].includes(
      e.code,
    );
  if (unreachable) {
    return {
      kind: 'trust-unreachable',
      message: `the trust server ${server} could not be used: ${message}`,
      fix:
        hint ??
        `check that ${server} is the repository's trust server (--server, DOCKER_CONTENT_TRUST_SERVER) and that it is running`,
    };
  }
  if (isSignetError(e) && ['HTTP_UNAUTHORIZED', 'HTTP_FORBIDDEN'].includes(e.code)) {
    return { kind: 'trust-unreachable', message: `the trust server refused access: ${message}`, fix: hint ?? '' };
  }
  return {
    kind: 'trust-failed',
    message: `its trust data failed verification: ${message}`,
    fix: `do not rely on its signatures until the cause is found${hint ? `; ${hint}` : ''}`,
  };
}

export function cachedProblem(server: string, reason: string): AuditProblem {
  return {
    kind: 'trust-cached',
    message: `the trust server ${server} could not be used (${reason}); the signatures shown are from the local cache`,
    fix: 'audit again when the trust server is reachable',
  };
}

export function registryProblem(registry: string, e: unknown): AuditProblem {
  const message = e instanceof Error ? e.message : String(e);
  return {
    kind: 'registry-unreachable',
    message: `the registry ${registry} could not be checked: ${message}`,
    fix:
      (isSignetError(e) ? e.hint : undefined) ??
      `check that ${registry} is reachable and the login works (docker login ${registry})`,
  };
}

export function noRepositoryProblem(gun: string): AuditProblem {
  return {
    kind: 'registry-no-repository',
    message: `the registry has no repository ${gun}, so every signed tag is missing`,
    fix: `push the signed images again, or delete the trust data if the repository is gone for good (notary delete ${gun} --remote)`,
  };
}

export function unknownRepositoryProblem(gun: string, server: string): AuditProblem {
  return {
    kind: 'registry-no-repository',
    message: `neither the registry nor the trust server ${server} knows this repository`,
    fix: `check the repository name (${gun}) and the trust server (--server, DOCKER_CONTENT_TRUST_SERVER)`,
  };
}

export function skippedRoleProblem(role: string, why: string): AuditProblem {
  return {
    kind: 'role-skipped',
    subject: role,
    message: `${role} was not trusted and its signatures were ignored: ${why}`,
    fix: `re-sign ${role} with a key the repository lists for it`,
  };
}

/** A signer listed a tag outside its paths: DCT ignores that signature (docker pull refuses it). */
export function outsidePathsProblem(r: RefusedTag): AuditProblem {
  return {
    kind: 'outside-paths',
    subject: r.tag,
    message: refusedTagNote(r),
    fix: `sign ${r.tag} in a role whose paths allow it, or ask the repository admin to add a path of ${r.role} that ${r.tag} starts with`,
  };
}

export function hubNotaryProblem(gun: string, s: HubSunset): AuditProblem {
  return s.stopped
    ? {
        kind: 'notary-stops',
        message: `Docker Hub's notary stopped on ${s.stops}: its trust data for this repository is gone`,
        fix: `audit what you archived (signet audit --archive FILE ${gun}); sign with cosign from now on`,
      }
    : {
        kind: 'notary-stops',
        message: `Docker Hub's notary stops on ${s.stops} (${whenLeft(s)}): these signatures cannot be read or verified after that`,
        fix: `archive the trust data now (signet archive ${gun} FILE), then move the signatures to cosign (signet migrate ${gun})`,
      };
}
