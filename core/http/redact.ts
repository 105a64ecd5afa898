/**
 * Keeping secrets out of messages: a server URL may carry `user:password@` (DOCKER_CONTENT_TRUST_SERVER,
 * --server), and a credential helper's error output may carry a token. Every message that names a
 * URL goes through redactUrlCredentials (SignetError does it for each error); text from a program
 * that handles secrets goes through redactSecrets.
 */

/** `scheme://user:pass@host` → `scheme://host`, for every URL in a text (parseable or not). */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1');
}

/**
 * Removes what looks like a secret from a line of output: URL credentials, `"Secret": "…"`,
 * `password=…` / `token: …`, and long token-like runs (20+ characters with a digit).
 */
export function redactSecrets(text: string): string {
  return redactUrlCredentials(text)
    .replace(/("(?:secret|password|token|identitytoken|auth)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"')
    .replace(/\b(secret|password|passwd|token|auth|apikey|api_key)(\s*[=:]\s*)\S+/gi, '$1$2[redacted]')
    .replace(/[A-Za-z0-9+/=_-]{20,}/g, (run) => (/\d/.test(run) ? '[redacted]' : run));
}
