import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { DataTable, type Column } from '../../renderer/components/data-table.tsx';

interface Row {
  tag: string;
  size: number;
}
const columns: Column<Row>[] = [
  { id: 'tag', header: 'Signed tag', cell: (r) => r.tag, sortValue: (r) => r.tag },
  { id: 'size', header: 'Size', cell: (r) => String(r.size), sortValue: (r) => r.size, sortKind: 'number' },
];
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ tag: `tag${n - i}`, size: i }));

afterEach(cleanup);

function bodyRows(): HTMLTableRowElement[] {
  return within(screen.getByRole('table', { name: 'Signed tags' }))
    .getAllByRole('row')
    .filter((r): r is HTMLTableRowElement => r instanceof HTMLTableRowElement && r.dataset['index'] !== undefined);
}

describe('DataTable', () => {
  test('is a table with its accessible name, sorted naturally by default', () => {
    render(
      <DataTable
        label="Signed tags"
        rows={[
          { tag: 'v10', size: 1 },
          { tag: 'v2', size: 2 },
          { tag: 'latest', size: 3 },
        ]}
        columns={columns}
        rowKey={(r) => r.tag}
        defaultSort={{ column: 'tag', direction: 'ascending' }}
      />,
    );
    expect(bodyRows().map((r) => r.cells[0]!.textContent)).toEqual(['latest', 'v2', 'v10']);
    expect(screen.getByRole('columnheader', { name: /Signed tag/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  test('a wrap table (rows sized to their cells) puts every row in the DOM, with no spacer', () => {
    render(
      <DataTable
        label="Signed tags"
        rows={rows(200)}
        columns={columns}
        rowKey={(r) => r.tag}
        defaultSort={{ column: 'tag', direction: 'ascending' }}
        wrap
      />,
    );
    const table = screen.getByRole('table', { name: 'Signed tags' });
    expect(bodyRows().length).toBe(200);
    expect(table.querySelector('tr.spacer')).toBeNull();
    expect(table.closest('.data-table')!.classList.contains('wrap')).toBe(true);
    // the keyboard still moves between rows
    bodyRows()[0]!.focus();
    fireEvent.keyDown(bodyRows()[0]!, { key: 'End' });
    expect(document.activeElement).toBe(bodyRows()[199]);
  });

  test('virtualises: 10,000 rows put only a window of them in the DOM', () => {
    render(
      <DataTable
        label="Signed tags"
        rows={rows(10_000)}
        columns={columns}
        rowKey={(r) => r.tag}
        defaultSort={{ column: 'tag', direction: 'ascending' }}
      />,
    );
    const table = screen.getByRole('table', { name: 'Signed tags' });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    const shown = bodyRows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0]!.cells[0]!.textContent).toBe('tag1');
    expect(shown[1]!.getAttribute('aria-rowindex')).toBe('3');
    expect(screen.getByText('10000 tags'.replace('tags', 'rows'))).toBeTruthy();
  });

  test('sorts by a header click, toggling the direction', () => {
    render(<DataTable label="Signed tags" rows={rows(5)} columns={columns} rowKey={(r) => r.tag} />);
    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    expect(bodyRows().map((r) => r.cells[1]!.textContent)).toEqual(['0', '1', '2', '3', '4']);
    fireEvent.click(screen.getByRole('button', { name: /Size/ }));
    expect(bodyRows().map((r) => r.cells[1]!.textContent)).toEqual(['4', '3', '2', '1', '0']);
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe('descending');
  });

  test('filters, with an "X of Y" count', () => {
    render(
      <DataTable
        label="Signed tags"
        noun="tags"
        rows={rows(30)}
        columns={columns}
        rowKey={(r) => r.tag}
        defaultSort={{ column: 'tag', direction: 'ascending' }}
      />,
    );
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter signed tags' }), { target: { value: 'tag2' } });
    expect(bodyRows().map((r) => r.cells[0]!.textContent)).toEqual([
      'tag2',
      'tag20',
      'tag21',
      'tag22',
      'tag23',
      'tag24',
      'tag25',
      'tag26',
      'tag27',
      'tag28',
      'tag29',
    ]);
    expect(screen.getByText('11 of 30 tags')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter signed tags' }), { target: { value: 'nothing' } });
    expect(screen.getByText(/No tags match/)).toBeTruthy();
  });

  test('keyboard: arrows, End and Home move focus between rows, also into rows not yet rendered', () => {
    render(
      <DataTable
        label="Signed tags"
        rows={rows(10_000)}
        columns={columns}
        rowKey={(r) => r.tag}
        defaultSort={{ column: 'size', direction: 'ascending' }}
      />,
    );
    const first = bodyRows()[0]!;
    expect(first.tabIndex).toBe(0);
    expect(bodyRows()[1]!.tabIndex).toBe(-1);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('1');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('9999');
    expect((document.activeElement as HTMLTableRowElement).cells[1]!.textContent).toBe('9999');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('9998');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('0');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('0');
  });

  test('shows the empty state instead of an empty table', () => {
    render(<DataTable label="Keys" rows={[]} columns={columns} rowKey={(r) => r.tag} empty={<p>No keys yet.</p>} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No keys yet.')).toBeTruthy();
  });
});
