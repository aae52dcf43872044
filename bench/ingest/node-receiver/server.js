// Baseline receiver for bench/ingest: verifies X-Hub-Signature-256 with @octokit/webhooks and answers 200.
// It stores nothing: it is the floor a webhook endpoint on Node costs, not an equivalent of berth.
//   PORT=8081 SECRET=... node server.js
import http from 'node:http';
import { Webhooks } from '@octokit/webhooks';

const webhooks = new Webhooks({ secret: process.env.SECRET });
const port = Number(process.env.PORT || 8081);

http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/github') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let ok = false;
    try {
      ok = await webhooks.verify(body, req.headers['x-hub-signature-256'] || '');
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(ok ? '{"ok":true}' : '{"error":"signature does not verify"}');
  });
}).listen(port, '127.0.0.1', () => console.log(`node receiver on 127.0.0.1:${port}`));
