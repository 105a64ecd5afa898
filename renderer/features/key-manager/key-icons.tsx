/** The Keys table's action icons (16 × 16, stroked in the text colour); the buttons carry the words. */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }): ReactNode {
  return (
    <svg
      aria-hidden="true"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

/** Export: an arrow down into a tray. */
export const ExportIcon = (): ReactNode => (
  <Icon>
    <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11v2.5h11V11" />
  </Icon>
);

/** Copy to a hardware token: a token with an arrow into it. */
export const TokenIcon = (): ReactNode => (
  <Icon>
    <rect x="5" y="2" width="6" height="12" rx="1.5" />
    <path d="M8 5v4M6.5 7.5 8 9l1.5-1.5M7 12h2" />
  </Icon>
);

/** Passphrase: a key. */
export const PassphraseIcon = (): ReactNode => (
  <Icon>
    <circle cx="5" cy="8" r="2.75" />
    <path d="M7.75 8H14M11.5 8v2.5M13.5 8v2" />
  </Icon>
);

/** Forget the remembered passphrase: a key, struck through. */
export const ForgetIcon = (): ReactNode => (
  <Icon>
    <circle cx="5" cy="8" r="2.75" />
    <path d="M7.75 8H14M11.5 8v2.5M2 2l12 12" />
  </Icon>
);

/** Delete: a bin. */
export const DeleteIcon = (): ReactNode => (
  <Icon>
    <path d="M2.5 4.5h11M6.5 4.5V2.75h3V4.5M4 4.5l.75 9h6.5l.75-9M6.75 7v4.5M9.25 7v4.5" />
  </Icon>
);
