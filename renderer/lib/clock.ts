/**
 * The renderer's one clock, for what the UI itself times (when an answer arrived, progress,
 * a suggested file name). Expiry states are never computed from it: core computes them in the
 * main process (TrustView.at, AuditReport.at) and relative times are shown against that clock.
 */
export function uiNow(): number {
  return Date.now();
}
