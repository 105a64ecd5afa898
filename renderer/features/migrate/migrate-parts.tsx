/**
 * The parts of the Migrate dialog around the tables: the keys held elsewhere (the team case: who
 * holds each and what they run), the `cosign verify` commands to copy (core's, as verify.sh runs
 * them), and Export policies (the policy folder of `--policy-dir`, written by main into the folder
 * chosen in its dialog).
 */
import { useMemo, useState, type ReactNode } from 'react';
import type {
  ChosenFileDTO,
  MigrateExportedDTO,
  MigrateReportDTO,
  VerifyCommandDTO,
} from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { FileChoice } from '../../components/file-choice.tsx';
import { IdList } from '../../components/id-chip.tsx';
import { useAction } from '../../components/use-action.ts';

interface HeldElsewhere {
  repository: string;
  signer: string;
  keyIds: string[];
  tags: string[];
}

/** The needs-key rows of a report, one entry per repository and signer (the tags it signs). */
export function heldElsewhere(report: MigrateReportDTO): HeldElsewhere[] {
  const out = new Map<string, HeldElsewhere>();
  for (const repo of report.repositories)
    for (const row of repo.rows) {
      if (row.state !== 'needs-key') continue;
      const signer = row.signers.join(', ');
      const key = `${repo.name}\u0000${signer}`;
      const e = out.get(key) ?? { repository: repo.name, signer, keyIds: row.keyIds, tags: [] };
      if (!e.tags.includes(row.tag)) e.tags.push(row.tag);
      out.set(key, e);
    }
  return [...out.values()];
}

export function MissingKeys({ report }: { report: MigrateReportDTO }): ReactNode {
  const missing = useMemo(() => heldElsewhere(report), [report]);
  if (missing.length === 0) return null;
  return (
    <section className="migrate-missing" aria-labelledby="migrate-missing-heading">
      <h3 id="migrate-missing-heading">Keys held elsewhere</h3>
      <p>
        These signers’ keys are not on this computer, so their signatures are not carried over from here. Each holder
        runs the same migration on their own computer (<strong>Migrate to cosign</strong> in Signet, or{' '}
        <code>signet migrate</code>); what is carried over already stays.
      </p>
      <ul aria-label="Keys held elsewhere">
        {missing.map((m) => (
          <li key={`${m.repository} ${m.signer}`}>
            <strong>{m.signer}</strong> <IdList values={m.keyIds} kind="key ID" />
            <span className="muted">
              signs {m.tags.join(', ')} in {m.repository}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CopyButton({ text, label, children = 'Copy' }: { text: string; label: string; children?: string }): ReactNode {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="small secondary"
      aria-label={label}
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => (setCopied(true), setTimeout(() => setCopied(false), 1500)),
          () => setCopied(false),
        )
      }
    >
      {copied ? 'Copied' : children}
    </button>
  );
}

/** The cosign verify commands, grouped by the policy folder each runs in. */
export function VerifyCommands({ report }: { report: MigrateReportDTO }): ReactNode {
  const byFolder = useMemo(() => {
    const m = new Map<string, VerifyCommandDTO[]>();
    for (const c of report.verify) m.set(c.folder, [...(m.get(c.folder) ?? []), c]);
    return [...m];
  }, [report]);
  if (byFolder.length === 0) return null;
  return (
    <section className="migrate-verify" aria-labelledby="migrate-verify-heading">
      <h3 id="migrate-verify-heading">Check with cosign</h3>
      <p>
        {report.dryRun && report.repositories.some((r) => r.rows.some((x) => x.state === 'planned'))
          ? 'Once migrated, '
          : ''}
        <code>cosign verify</code> checks each signature with its signer’s public key. Run these in the repository’s
        folder of the exported policies (<strong>Export policies</strong> below writes the keys there, and a{' '}
        <code>verify.sh</code> that runs them all). DCT resolved a tag to its signed digest at pull; cosign checks what
        the reference names, so these name the signed digest.
      </p>
      {byFolder.map(([folder, commands]) => (
        <div key={folder} className="migrate-commands">
          <p className="small-text">
            In <code>{folder}/</code>
          </p>
          <ul aria-label={`cosign verify commands for ${commands[0]!.repository}`}>
            {commands.map((c) => (
              <li key={c.command}>
                <code className="migrate-command">{c.command}</code>
                <CopyButton text={c.command} label={`Copy the command for ${c.tag} signed by ${c.signer}`} />
              </li>
            ))}
          </ul>
          {commands.length > 1 && (
            <CopyButton
              text={commands.map((c) => c.command).join('\n') + '\n'}
              label={`Copy all ${commands.length} commands for ${commands[0]!.repository}`}
            >
              Copy all
            </CopyButton>
          )}
        </div>
      ))}
    </section>
  );
}

/** Export policies: a folder chosen in main's dialog; main writes what `--policy-dir` writes for this report. */
export function ExportPolicies({
  operationId,
  targets,
  dryRun,
}: {
  operationId: string;
  targets: string[];
  dryRun: boolean;
}): ReactNode {
  const api = useApi();
  const [folder, setFolder] = useState<ChosenFileDTO | null>(null);
  const [written, setWritten] = useState<MigrateExportedDTO | null>(null);
  const { run, busy, error } = useAction(async (handle: string) => {
    setWritten(await api.migrate.exportPolicies({ operationId, folder: handle, targets }));
    setFolder(null); // a chosen folder is used once
  });
  return (
    <section className="migrate-export" aria-labelledby="migrate-export-heading">
      <h3 id="migrate-export-heading">Export policies</h3>
      <p>
        Per repository: the signers’ public keys, <code>verify.sh</code> (the commands above; it exits non-zero if one
        fails) and admission policies mirroring the DCT roles (Kyverno, Sigstore policy-controller,{' '}
        <code>containers-policy.json</code> for podman and CRI-O)
        {dryRun ? ', for the signatures this plan carries over' : ''}. Files already there are updated.
      </p>
      <div className="migrate-export-row">
        <FileChoice
          id="migrate-policy-folder"
          label="Folder"
          open="policy-dir"
          chosen={folder ? [folder] : []}
          onChosen={([f]) => (setFolder(f ?? null), setWritten(null))}
          disabled={busy}
          placeholder="No folder chosen"
        />
        <button type="button" disabled={!folder || busy} onClick={() => folder && void run(folder.handle)}>
          {busy ? 'Exporting…' : 'Export policies'}
        </button>
      </div>
      {written && (
        <p className="dlg-success" role="status">
          Wrote {written.files.length} files to {written.name}
        </p>
      )}
      {error && <ErrorExplanation error={error} heading="The policies were not written." />}
    </section>
  );
}
