/**
 * The one table primitive: a native <table> (so screen readers and getByRole see a table with
 * its accessible name), sortable by any column (aria-sort), filtered by a search box, virtualised
 * with spacer rows (only the rows in view plus an overscan are in the DOM: 10,000 rows scroll
 * like 30) and keyboard navigable (roving tabindex: arrows, Home/End, PageUp/PageDown).
 * Row heights are fixed (ROW_HEIGHT), which is what makes the arithmetic virtualiser exact; a
 * `wrap` table (a few hundred rows at most, e.g. Keys) instead renders every row, sized to its
 * cells, so long values wrap rather than being cut.
 */
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { naturalCompareKeys, naturalKey } from '../../core/trust/natural-sort.ts';

export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 38;
const OVERSCAN = 8;
/** Viewport height when the layout cannot be measured (jsdom). */
const FALLBACK_VIEWPORT = 600;

export type SortKind = 'natural' | 'text' | 'number';
export type Direction = 'ascending' | 'descending';

export interface Column<T> {
  id: string;
  header: string;
  /** CSS width of the column (table-layout: fixed). */
  width?: string;
  cell: (row: T) => ReactNode;
  /** Sorting key; columns without one are not sortable. */
  sortValue?: (row: T) => string | number;
  sortKind?: SortKind;
  /** Text the filter box searches (default: the sort value). */
  filterText?: (row: T) => string;
  align?: 'start' | 'end';
}

export interface DataTableProps<T> {
  /** The table's accessible name (its caption). */
  label: string;
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  defaultSort?: { column: string; direction: Direction };
  /** Shown instead of the table when `rows` is empty. */
  empty?: ReactNode;
  /** What the rows are, for "12 of 40 tags". */
  noun?: string;
  /** Max height of the scrolling area in px (the table grows up to it). */
  maxHeight?: number;
  /** Extra controls next to the filter box. */
  toolbar?: ReactNode;
  /** Called once per `rows` identity after the first rows were painted (benchmarks). */
  onRowsPainted?: (rowCount: number) => void;
  /** Hide the filter box (small tables). */
  filterable?: boolean;
  rowClassName?: (row: T) => string | undefined;
  /** Rows grow to fit their cells (text wraps, nothing is cut, columns sized by their content); no virtualisation. */
  wrap?: boolean;
}

const plural = (noun: string, n: number): string => (n === 1 ? noun.replace(/s$/, '') : noun);

interface Prepared<T> {
  row: T;
  keys: Array<string | number | undefined>;
  text: string;
}

export function DataTable<T>(props: DataTableProps<T>): ReactNode {
  const { label, rows, columns, rowKey, noun = 'rows', filterable = true, wrap = false } = props;
  const captionId = useId();
  const [sort, setSort] = useState<{ column: string; direction: Direction } | null>(props.defaultSort ?? null);
  const [filter, setFilter] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const tbody = useRef<HTMLTableSectionElement>(null);

  // decorate once per data: sort keys (natural keys encoded once) and the lower-cased filter text
  const prepared = useMemo<Prepared<T>[]>(
    () =>
      rows.map((row) => {
        const keys = columns.map((c) => {
          if (!c.sortValue) return undefined;
          const v = c.sortValue(row);
          return typeof v === 'string' && (c.sortKind ?? 'natural') === 'natural' ? naturalKey(v) : v;
        });
        const text = columns
          .map((c) => (c.filterText ? c.filterText(row) : c.sortValue ? String(c.sortValue(row)) : ''))
          .join('\u0000')
          .toLowerCase();
        return { row, keys, text };
      }),
    [rows, columns],
  );

  const view = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const filtered = q === '' ? prepared.slice() : prepared.filter((p) => p.text.includes(q));
    if (sort) {
      const i = columns.findIndex((c) => c.id === sort.column);
      const col = columns[i];
      if (col?.sortValue) {
        const kind = col.sortKind ?? 'natural';
        const dir = sort.direction === 'ascending' ? 1 : -1;
        filtered.sort((a, b) => {
          const x = a.keys[i];
          const y = b.keys[i];
          let c: number;
          if (typeof x === 'number' && typeof y === 'number') c = x - y;
          else if (kind === 'natural') c = naturalCompareKeys(String(x ?? ''), String(y ?? ''));
          else c = String(x ?? '') < String(y ?? '') ? -1 : String(x ?? '') > String(y ?? '') ? 1 : 0;
          return c * dir;
        });
      }
    }
    return filtered;
  }, [prepared, filter, sort, columns]);

  const count = view.length;
  const bodyHeight = viewport - HEADER_HEIGHT;
  const start = wrap ? 0 : Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = wrap ? count : Math.min(count, Math.ceil((scrollTop + bodyHeight) / ROW_HEIGHT) + OVERSCAN);
  const activeIndex = Math.min(active, Math.max(0, count - 1));

  // measure the scrolling area (the table's height is capped by CSS max-height)
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => {
      const h = el.clientHeight;
      if (h > 0) setViewport(h);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const painted = useRef<readonly T[] | null>(null);
  const onRowsPainted = props.onRowsPainted;
  useEffect(() => {
    if (!onRowsPainted || painted.current === rows || rows.length === 0) return;
    painted.current = rows;
    // after the next paint: rAF runs before it, the task queued from rAF after it
    requestAnimationFrame(() => setTimeout(() => onRowsPainted(rows.length), 0));
  }, [rows, onRowsPainted]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) setScrollTop(el.scrollTop);
  }, []);

  const scrollIntoView = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (!el) return;
      if (wrap) {
        el.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.scrollIntoView?.({ block: 'nearest' });
        return;
      }
      const top = index * ROW_HEIGHT;
      const visible = el.clientHeight > 0 ? el.clientHeight - HEADER_HEIGHT : bodyHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + visible) el.scrollTop = top + ROW_HEIGHT - visible;
      setScrollTop(el.scrollTop);
    },
    [bodyHeight, wrap],
  );

  const moveTo = useCallback(
    (index: number) => {
      if (count === 0) return;
      const i = Math.max(0, Math.min(count - 1, index));
      focusWanted.current = true;
      setActive(i);
      scrollIntoView(i);
    },
    [count, scrollIntoView],
  );

  // focus the active row once it is rendered (it may have just scrolled into the window)
  useEffect(() => {
    if (!focusWanted.current) return;
    const tr = tbody.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${activeIndex}"]`);
    if (tr) {
      focusWanted.current = false;
      tr.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const tr = target.closest<HTMLTableRowElement>('tr[data-index]');
    const from = tr ? Number(tr.dataset['index']) : activeIndex;
    const page = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    const to: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      Home: 0,
      End: count - 1,
      PageDown: from + page,
      PageUp: from - page,
    };
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    moveTo(next);
  };

  const toggleSort = (column: string): void => {
    setSort((s) =>
      s?.column === column
        ? { column, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: 'ascending' },
    );
  };

  const visible = view.slice(start, end);
  const topPad = start * ROW_HEIGHT;
  const bottomPad = (count - end) * ROW_HEIGHT;
  const maxHeight = props.maxHeight ?? 480;

  if (rows.length === 0 && props.empty !== undefined) return <div className="table-empty">{props.empty}</div>;

  return (
    <div className={wrap ? 'data-table wrap' : 'data-table'}>
      {(filterable || props.toolbar) && (
        <div className="table-toolbar">
          {filterable && (
            <input
              type="search"
              className="table-filter"
              aria-label={`Filter ${label.toLowerCase()}`}
              placeholder={`Filter ${label.toLowerCase()}…`}
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setActive(0);
                if (scroller.current) scroller.current.scrollTop = 0;
                setScrollTop(0);
              }}
            />
          )}
          <span className="table-count" aria-live="polite">
            {count === rows.length
              ? `${count} ${plural(noun, count)}`
              : `${count} of ${rows.length} ${plural(noun, rows.length)}`}
          </span>
          {props.toolbar}
        </div>
      )}
      <div className="table-scroller" ref={scroller} onScroll={onScroll} style={{ maxHeight }}>
        <table aria-labelledby={captionId} aria-rowcount={count + 1}>
          <caption id={captionId} className="sr-only">
            {label}
          </caption>
          <colgroup>
            {columns.map((c) => (
              <col key={c.id} style={c.width ? { width: c.width } : undefined} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {columns.map((c) => {
                const sorted = sort?.column === c.id ? sort.direction : undefined;
                return (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={c.sortValue ? (sorted ?? 'none') : undefined}
                    className={c.align === 'end' ? 'end' : undefined}
                  >
                    {c.sortValue ? (
                      <button type="button" className="sort-button" onClick={() => toggleSort(c.id)}>
                        {c.header}
                        <span aria-hidden="true" className="sort-arrow">
                          {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody ref={tbody} onKeyDown={onKeyDown}>
            {topPad > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: topPad }}>
                <td colSpan={columns.length} />
              </tr>
            )}
            {visible.map((p, k) => {
              const index = start + k;
              return (
                <tr
                  key={rowKey(p.row)}
                  data-index={index}
                  aria-rowindex={index + 2}
                  tabIndex={index === activeIndex ? 0 : -1}
                  onFocus={(e) => {
                    if (e.target === e.currentTarget && index !== activeIndex) setActive(index);
                  }}
                  onClick={() => setActive(index)}
                  className={props.rowClassName?.(p.row)}
                >
                  {columns.map((c) => (
                    <td key={c.id} className={c.align === 'end' ? 'end' : undefined}>
                      {c.cell(p.row)}
                    </td>
                  ))}
                </tr>
              );
            })}
            {bottomPad > 0 && (
              <tr aria-hidden="true" className="spacer" style={{ height: bottomPad }}>
                <td colSpan={columns.length} />
              </tr>
            )}
          </tbody>
        </table>
        {count === 0 && (
          <p className="table-no-match">
            No {noun} match “{filter}”.
          </p>
        )}
      </div>
    </div>
  );
}
