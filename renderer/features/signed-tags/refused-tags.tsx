/**
 * Tags a signer lists outside the paths it may sign: not signed, as docker pull and notary lookup
 * decide (docker trust inspect of the whole repository lists them). The sentence is core's.
 */
import type { ReactNode } from 'react';
import { refusedTagNote, type RefusedTag } from '../../../core/trust/view-types.ts';
import { IdChip } from '../../components/id-chip.tsx';

export function RefusedTags({ tags }: { tags: readonly RefusedTag[] }): ReactNode {
  if (tags.length === 0) return null;
  return (
    <div className="banner banner-warning refused-tags" role="note" aria-labelledby="refused-tags-heading">
      <strong id="refused-tags-heading">
        {tags.length === 1 ? '1 tag is' : `${tags.length} tags are`} not signed: listed outside the signer’s paths
      </strong>
      <ul>
        {tags.map((r) => (
          <li key={`${r.role} ${r.tag}`} title={refusedTagNote(r)}>
            <span className="tag-name">{r.tag}</span> in <code>{r.role}</code> (may sign{' '}
            {r.paths.length === 0 ? 'nothing' : r.paths.map((p) => `“${p}…”`).join(', ')}):{' '}
            <IdChip value={r.digest} kind="digest" /> — docker pull refuses it
          </li>
        ))}
      </ul>
    </div>
  );
}
