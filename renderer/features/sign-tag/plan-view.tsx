/**
 * The signing plan as the Sign dialog shows it: the roles the tag goes into with your keys for
 * each, a co-signature of an already signed digest, and for a repository without trust data what
 * signing creates first. All of it comes from core's signingPlan (trust:signingPlan), the code
 * that signs, so the preview is what signing does.
 */
import type { ReactNode } from 'react';
import type { KeyInfoDTO, ResolvedDigest, SigningPlan } from '../../../electron/ipc/contract.ts';
import { formatSize, signersText } from '../../lib/format.ts';

function KeyList({ ids }: { ids: string[] }): ReactNode {
  return (
    <>
      {ids.map((id) => (
        <code key={id} title={id} data-full={id}>
          {id.slice(0, 12)}{' '}
        </code>
      ))}
    </>
  );
}

export function RolesTable({ plan }: { plan: SigningPlan }): ReactNode {
  return (
    <table className="dlg-table" aria-label="Roles to sign">
      <caption>It will be signed into these roles, with your keys</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Your key</th>
        </tr>
      </thead>
      <tbody>
        {plan.roles.map((r) => (
          <tr key={r}>
            <td>{r}</td>
            <td>
              {(plan.keys[r] ?? []).length > 0 ? (
                <KeyList ids={plan.keys[r]!} />
              ) : (
                <span className="muted">a new key, created on the way</span>
              )}
              {plan.unchanged.includes(r) && <span className="muted"> (already holds this digest)</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Already signed by …": signing co-signs the released digest, as docker does. */
export function ExistingNote({
  existing,
  resolved,
}: {
  existing: NonNullable<SigningPlan['existing']>;
  resolved: ResolvedDigest | null;
}): ReactNode {
  return (
    <p className="dlg-info">
      <strong>Already signed by {signersText(existing.signers)}.</strong> You will co-sign the same digest{' '}
      <code data-full={existing.digest}>{existing.digest.slice(0, 12)}</code> ({formatSize(existing.size)}), as docker
      does.
      {resolved &&
        resolved.digest !== existing.digest &&
        ' The registry now has a different image under this tag; the signed digest is kept. To sign the new image, revoke the tag first.'}
    </p>
  );
}

/** What signing a repository without trust data creates before it signs (docker trust sign does the same). */
export function CreatesList({
  gun,
  plan,
  newRoot,
  roots,
}: {
  gun: string;
  plan: SigningPlan;
  /** The user chose to create a new root key (rather than reuse plan.creates.rootKeyId). */
  newRoot: boolean;
  roots: KeyInfoDTO[];
}): ReactNode {
  const creates = plan.creates!;
  const rootKey = newRoot ? undefined : roots.find((k) => k.id === creates.rootKeyId);
  const signer = creates.signer;
  const signerKeys = signer !== undefined ? (plan.keys[`targets/${signer}`] ?? []) : [];
  return (
    <>
      <p>
        <strong>{gun} has no trust data yet.</strong> Signing creates it first and publishes everything in one step:
      </p>
      <ul className="dlg-list" aria-label="What will be created">
        <li>
          Root key:{' '}
          {rootKey ? (
            <>
              your key <code data-full={rootKey.id}>{rootKey.id.slice(0, 12)}</code>
            </>
          ) : (
            'a new root key (passphrase asked, twice)'
          )}
        </li>
        <li>Repository key: a new key (passphrase asked, twice)</li>
        <li>Snapshot and timestamp keys: on the trust server</li>
        {signer !== undefined && (
          <li>
            First signer {signer}:{' '}
            {signerKeys.length > 0 ? (
              <>
                your key <code data-full={signerKeys[0]}>{signerKeys[0]!.slice(0, 12)}</code>
              </>
            ) : (
              'a new key (passphrase asked, twice)'
            )}
            , also in targets/releases
          </li>
        )}
      </ul>
    </>
  );
}
