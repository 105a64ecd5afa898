/**
 * The Trust graph tab: the graph, and under it the Signed tags, Signers and Administrative keys
 * tables showing what the chosen node covers (everything when no node is chosen).
 */
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { TrustView } from '../../lib/types.ts';
import { AdminKeys } from '../admin-keys/admin-keys.tsx';
import { SignedTags } from '../signed-tags/signed-tags.tsx';
import { Signers } from '../signers/signers.tsx';
import { filterView, graphFilter } from './graph-filter.ts';
import { applyGroupAction, groupTags, type OpenGroups } from './graph-groups.ts';
import { buildTrustGraph, type GraphNode } from './graph-model.ts';
import { TrustGraphView } from './trust-graph.tsx';
import './trust-graph.css';

const count = (shown: number, all: number, noun: string): string =>
  shown === all ? `all ${all} ${noun}` : `${shown} of ${all} ${noun}`;

function adminKeyCount(v: TrustView): number {
  const a = v.administrativeKeys;
  return a.root.length + a.repository.length + a.snapshot.length + a.timestamp.length;
}

function Nothing({ id, title, why }: { id: string; title: string; why: string }): ReactNode {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{why}</p>
    </section>
  );
}

export function GraphTab({
  reference,
  view,
  readOnly = false,
}: {
  reference: string;
  view: TrustView;
  readOnly?: boolean;
}): ReactNode {
  // every tag is a node; many are drawn as groups, opened on request (graph-groups.ts)
  const whole = useMemo(() => buildTrustGraph(view, Infinity), [view]);
  const [open, setOpen] = useState<OpenGroups>(() => new Map());
  const graph = useMemo(() => groupTags(whole, open), [whole, open]);
  const [chosen, setChosen] = useState<string | null>(null);
  const node = graph.nodes.find((n) => n.id === chosen);
  const onAction = useCallback(
    (action: GraphNode): string => {
      const next = applyGroupAction(whole, open, action);
      setOpen(next.open);
      // a chosen tag that is hidden is no longer chosen
      const was = graph.nodes.find((n) => n.id === chosen);
      if (action.action === 'close' && was?.kind === 'tag' && was.group === action.group) setChosen(null);
      return next.focus;
    },
    [whole, open, graph, chosen],
  );
  const filter = node ? graphFilter(graph, node) : null;
  const shown = useMemo(() => (filter ? filterView(view, filter) : view), [filter, view]);
  return (
    <>
      <section className="panel" aria-labelledby="trust-graph-heading">
        <h2 id="trust-graph-heading">Trust graph of {view.name}</h2>
        <TrustGraphView name={view.name} graph={graph} chosen={chosen} onChoose={setChosen} onAction={onAction} />
        {graph.hiddenTags > 0 && (
          <p className="muted small-text">
            {graph.hiddenTags} more signed tags are not drawn; choose a signer or a key to see its tags in the Signed
            tags table.
          </p>
        )}
      </section>
      {filter && (
        <div className="banner banner-info graph-filter" role="status">
          <span>
            <strong>Showing what {filter.label} covers:</strong>{' '}
            {count(shown.signedTags.length, view.signedTags.length, 'signed tags')},{' '}
            {count(shown.signers.length, view.signers.length, 'signers')},{' '}
            {count(adminKeyCount(shown), adminKeyCount(view), 'administrative keys')}.
          </span>
          <button type="button" className="small" onClick={() => setChosen(null)}>
            Show everything
          </button>
        </div>
      )}
      {filter && shown.signedTags.length === 0 && view.signedTags.length > 0 ? (
        <Nothing
          id="signed-tags-heading"
          title={`Signatures for ${view.name}`}
          why={`No signed tag is covered by ${filter.label}.`}
        />
      ) : (
        <SignedTags reference={reference} view={shown} readOnly={readOnly} />
      )}
      {filter && shown.signers.length === 0 && view.signers.length > 0 ? (
        <Nothing
          id="signers-heading"
          title={`Signers of ${view.name}`}
          why={`No signer is covered by ${filter.label}.`}
        />
      ) : (
        <Signers reference={reference} view={shown} readOnly={readOnly} />
      )}
      {filter && adminKeyCount(shown) === 0 ? (
        <Nothing
          id="admin-keys-heading"
          title={`Administrative keys for ${view.name}`}
          why={`No administrative key is covered by ${filter.label}.`}
        />
      ) : (
        <AdminKeys view={shown} />
      )}
    </>
  );
}
