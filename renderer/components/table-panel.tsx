/**
 * A panel of the repository and audit screens: a section labelled by its heading, the heading's
 * action (a button, a filter) beside it, then the table (or what stands in for it when empty).
 */
import type { ReactNode } from 'react';

export function TablePanel({
  id,
  title,
  action,
  className,
  children,
}: {
  /** The heading's id (the section is labelled by it). */
  id: string;
  title: ReactNode;
  /** Beside the heading; none when undefined. */
  action?: ReactNode;
  className?: string;
  children?: ReactNode;
}): ReactNode {
  return (
    <section aria-labelledby={id} className={className ? `panel ${className}` : 'panel'}>
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}
