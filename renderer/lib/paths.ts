/** An absolute file path, POSIX or Windows (what the main process accepts for files it reads or writes). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}
