/** The table both settings map editors show: one row per key, its value, its actions. */
import type { ReactNode } from 'react';

export interface SettingsMapTableProps {
  caption: string;
  keyLabel: string;
  valueLabel: string;
  keys: readonly string[];
  /** Shown when there is no key. */
  empty: ReactNode;
  value: (key: string) => ReactNode;
  actions: (key: string) => ReactNode;
}

export function SettingsMapTable(p: SettingsMapTableProps): ReactNode {
  if (p.keys.length === 0) return <div className="muted">{p.empty}</div>;
  return (
    <table className="settings-table" aria-label={p.caption}>
      <thead>
        <tr>
          <th scope="col">{p.keyLabel}</th>
          <th scope="col">{p.valueLabel}</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {p.keys.map((k) => (
          <tr key={k}>
            <td className="settings-key">{k}</td>
            <td>{p.value(k)}</td>
            <td className="settings-actions">{p.actions(k)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
