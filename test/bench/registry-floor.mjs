// The least any registry check can cost: a bare node:http keep-alive client that reads the catalog,
// every repository's tag list and HEADs every tag's manifest, 8 repositories at a time, 4 HEADs each
// (as signet audit), and nothing else (no trust data, no TLS, no verification).
// Usage: node registry-floor.mjs HOST:PORT  → prints the number of HEADs.
import http from 'node:http';

const host = process.argv[2];
const agent = new http.Agent({ keepAlive: true });
const ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

function req(method, path) {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: host.split(':')[0], port: host.split(':')[1], method, path, agent, headers: { accept: ACCEPT } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    r.on('error', reject);
    r.end();
  });
}

async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const repos = JSON.parse((await req('GET', '/v2/_catalog?n=1000')).body).repositories;
let heads = 0;
await pool(repos, 8, async (repo) => {
  const tags = JSON.parse((await req('GET', `/v2/${repo}/tags/list?n=1000`)).body).tags ?? [];
  await pool(tags, 4, async (tag) => {
    const res = await req('HEAD', `/v2/${repo}/manifests/${tag}`);
    if (res.status !== 200 || !res.headers['docker-content-digest'])
      throw new Error(`HEAD ${repo}:${tag} ${res.status}`);
    heads++;
  });
});
agent.destroy();
process.stdout.write(`${heads}\n`);
