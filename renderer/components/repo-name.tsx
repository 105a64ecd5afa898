/**
 * A repository name that a line breaks only after a "/" ("host:5000/" "team/" "app", each kept
 * whole, with <wbr> between them), never inside a part such as "payments-gateway". The parts are
 * plain inline spans, so the text (and a heading's accessible name) stays the name itself.
 */
import { Fragment, type ReactNode } from 'react';

/** "host:5000/team/app" → ["host:5000/", "team/", "app"]. */
export function nameParts(name: string): string[] {
  return name.split(/(?<=\/)/);
}

export function RepoName({ name }: { name: string }): ReactNode {
  return (
    <>
      {nameParts(name).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="name-part">{part}</span>
        </Fragment>
      ))}
    </>
  );
}
