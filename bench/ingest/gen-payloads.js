// Writes N distinct signed GitHub push bodies, one per line: "<X-Hub-Signature-256>\t<body>".
// Usage: node gen-payloads.js <push fixture.json> <secret> <count> <out file>
// Each body is the recorded push payload, compact as GitHub sends it, with extra commits until it is about 8 KB,
// and a sequence number in the head commit's message and in "after", so every body (and signature) is unique.
'use strict';
const crypto = require('crypto');
const fs = require('fs');

const [fixture, secret, countArg, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node gen-payloads.js <push fixture.json> <secret> <count> <out file>');
  process.exit(2);
}
const base = JSON.parse(fs.readFileSync(fixture, 'utf8'));
const count = Number(countArg);
const TARGET = 8 * 1024;

const lines = [];
let total = 0;
for (let n = 0; n < count; n++) {
  const p = structuredClone(base);
  const sha = crypto.createHash('sha1').update(`berth-bench-${n}`).digest('hex');
  p.after = sha;
  p.head_commit = { ...(p.head_commit || {}), id: sha, message: `bench commit ${n}` };
  p.commits = [p.head_commit];
  for (let k = 1; JSON.stringify(p).length < TARGET; k++) {
    const id = crypto.createHash('sha1').update(`berth-bench-${n}-${k}`).digest('hex');
    p.commits.unshift({ ...p.head_commit, id, tree_id: id, message: `bench commit ${n}.${k}: earlier change` });
  }
  const body = JSON.stringify(p);
  const signature = 'sha256=' + crypto.createHmac('sha256', secret).update(body).digest('hex');
  lines.push(`${signature}\t${body}`);
  total += body.length;
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.error(`wrote ${count} signed push bodies, ${Math.round(total / count)} bytes each on average, to ${out}`);
