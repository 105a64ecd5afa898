/**
 * The trust graph drawn as SVG. Every node is a toggle button with its full accessible name;
 * one node is in the Tab order at a time (roving tabindex): arrow keys move between nodes (up and
 * down a layer, left and right along the edges), Home and End go to the first and last, Enter or
 * Space chooses a node (the tables below then show what it covers), Escape shows everything again.
 * With many tags, a group's action nodes (show its tags, hide them, next and previous page) are plain buttons:
 * Enter, Space or a click does what they say.
 */
import {
  Fragment,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { edgePath, layoutGraph, neighbour } from './graph-layout.ts';
import type { GraphNode, TrustGraph } from './graph-model.ts';

/** Width used before the container is measured (and in jsdom). */
const FALLBACK_WIDTH = 960;

function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function TrustGraphView({
  name,
  graph,
  chosen,
  onChoose,
  onAction,
}: {
  name: string;
  graph: TrustGraph;
  chosen: string | null;
  onChoose: (id: string | null) => void;
  /** A group action node was pressed: returns the node that then has the focus. */
  onAction?: (node: GraphNode) => string;
}): ReactNode {
  const helpId = useId();
  // a fragment reference must be a plain name: useId's characters are not all welcome in url(#…)
  const clipId = `tg-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const [box, width] = useWidth();
  const layout = useMemo(() => layoutGraph(graph, width), [graph, width]);
  const [active, setActive] = useState<string | undefined>(chosen ?? graph.nodes[0]?.id);
  const refs = useRef(new Map<string, SVGGElement>());
  const focusWanted = useRef<string | null>(null);

  // a node that disappeared (refreshed view) hands the tab stop back to the first node
  const current = active !== undefined && layout.placed.has(active) ? active : graph.nodes[0]?.id;
  useEffect(() => {
    if (focusWanted.current) refs.current.get(focusWanted.current)?.focus();
    focusWanted.current = null;
  });

  const lit = new Set<string>([current ?? '', chosen ?? '']);
  const press = (node: GraphNode): void => {
    if (node.kind === 'group-action') {
      const next = onAction?.(node) ?? node.id;
      focusWanted.current = next;
      setActive(next);
    } else {
      setActive(node.id);
      onChoose(chosen === node.id ? null : node.id);
    }
  };
  const onKey = (e: KeyboardEvent, node: GraphNode): void => {
    const id = node.id;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      press(node);
      return;
    }
    if (e.key === 'Escape') {
      if (chosen !== null) {
        e.preventDefault();
        onChoose(null);
      }
      return;
    }
    const next = neighbour(layout, graph.edges, id, e.key);
    if (next === undefined) return;
    e.preventDefault();
    focusWanted.current = next;
    setActive(next);
  };

  return (
    <div className="trust-graph" ref={box}>
      <p id={helpId} className="muted small-text">
        Arrow keys move between the nodes, Enter chooses one: the tables below then show only what it covers. Escape
        shows everything again.
      </p>
      <div className="trust-graph-scroll">
        <svg
          role="group"
          aria-label={`Trust graph of ${name}`}
          aria-describedby={helpId}
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={4} y={0} width={layout.nodeWidth - 10} height={layout.nodeHeight} />
            </clipPath>
            {/* the narrower boxes of an open group's page */}
            <clipPath id={`${clipId}-member`}>
              <rect x={4} y={0} width={layout.nodeWidth - 24} height={layout.nodeHeight} />
            </clipPath>
          </defs>
          <g aria-hidden="true">
            {layout.columns.map((c) => (
              <text key={c.title} x={c.x} y={22} className="tg-column">
                {c.title}
              </text>
            ))}
            {layout.connectors.map((d) => (
              <path key={d} d={d} className="tg-edge" />
            ))}
            {graph.edges.map((e) => {
              const d = edgePath(layout, e);
              if (!d) return null;
              const on = lit.has(e.from) || lit.has(e.to);
              return <path key={`${e.from}>${e.to}`} d={d} className={on ? 'tg-edge tg-edge-lit' : 'tg-edge'} />;
            })}
          </g>
          {layout.columns.flatMap((c) =>
            c.nodes.map(({ node, x, y, w, detail }) => (
              <g
                key={node.id}
                ref={(el) => {
                  if (el) refs.current.set(node.id, el);
                  else refs.current.delete(node.id);
                }}
                role="button"
                tabIndex={node.id === current ? 0 : -1}
                aria-label={node.name}
                {...(node.kind !== 'group-action'
                  ? { 'aria-pressed': chosen === node.id }
                  : node.action === 'open' || node.action === 'close'
                    ? { 'aria-expanded': node.action === 'close' }
                    : {})}
                data-node={node.id}
                className={`tg-node tg-${node.kind}${node.holder ? ` tg-holder-${node.holder}` : ''}${node.pulled === false ? ' tg-shadowed' : ''}`}
                transform={`translate(${x} ${y})`}
                onClick={() => press(node)}
                onFocus={() => setActive(node.id)}
                onKeyDown={(e) => onKey(e, node)}
              >
                <title>{node.name}</title>
                {/* a group of tags: a stack of boxes */}
                {node.kind === 'tag-group' && (
                  <rect className="tg-stack" x={4} y={-4} width={w} height={layout.nodeHeight} rx={7} />
                )}
                <rect width={w} height={layout.nodeHeight} rx={7} />
                {/* clipped, not shortened: the accessible name holds the same words in full */}
                <text clipPath={`url(#${w < layout.nodeWidth ? `${clipId}-member` : clipId})`}>
                  <tspan x={8} y={18} className="tg-title">
                    {node.title}
                  </tspan>{' '}
                  {detail.map((line, i) => (
                    <Fragment key={i}>
                      {i > 0 && ' '}
                      <tspan x={8} y={35 + i * 14} className="tg-detail">
                        {line}
                      </tspan>
                    </Fragment>
                  ))}
                </text>
              </g>
            )),
          )}
        </svg>
      </div>
    </div>
  );
}
