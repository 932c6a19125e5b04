/**
 * A webhook receiver for the bench, in its own process: answers 200 at once, remembers when each
 * webhook-id first arrived, and reports on GET /stats (GET /count: the counts alone, for polling;
 * POST /reset starts again).
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
let arrivals = new Map<string, number>();
let count = 0;

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count, unique: arrivals.size }));
    return;
  }
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count, arrivals: Object.fromEntries(arrivals) }));
    return;
  }
  if (req.url === '/reset') {
    arrivals = new Map();
    count = 0;
    res.writeHead(200).end('{}');
    return;
  }
  req.resume();
  req.on('end', () => {
    count++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, Date.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
}).listen(port, '127.0.0.1');
