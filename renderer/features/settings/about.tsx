/** Settings: what Signet runs with (app:info) and where its files are. */
import type { ReactNode } from 'react';
import type { AppInfo } from '../../../electron/ipc/contract.ts';

export function About({ info, file }: { info: AppInfo; file: string | undefined }): ReactNode {
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    <section className="settings-group" aria-labelledby="about-heading">
      <h3 id="about-heading">About {info.name}</h3>
      <dl className="settings-facts">
        <dt>Version</dt>
        <dd>
          {info.version} ({info.shell === 'electron' ? 'desktop app' : 'browser harness'}, {info.platform})
        </dd>
        {versions && (
          <>
            <dt>Runtime</dt>
            <dd>{versions}</dd>
          </>
        )}
        <dt>Docker config dir</dt>
        <dd>
          <code>{info.dockerConfig}</code>
        </dd>
        <dt>Trust dir</dt>
        <dd>
          <code>{info.trustDir}</code>
        </dd>
        {file && (
          <>
            <dt>Settings file</dt>
            <dd>
              <code>{file}</code>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
