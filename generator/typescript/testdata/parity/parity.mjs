// The TypeScript side of the parity test: it answers the questions in the
// file named by its second argument with the compiled module named by its
// first, and prints the answers as JSON, in the shape main.go.txt gives
// them for the Go package.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const m = await import(pathToFileURL(resolve(process.argv[2])).href);
const q = JSON.parse(readFileSync(process.argv[3], "utf8"));

const plain = (p) => ({ ...p });
const a = { codes: [], delays: [], encode: [], decode: [], responses: [] };
const asked = [];
for (const code of q.codes) {
  a.codes.push({
    code,
    known: m.isCode(code),
    status: m.httpStatus(code),
    category: m.category(code),
    title: m.title(code),
    policy: plain(m.retryPolicy(code)),
    fallback: q.statuses.map((s) => plain(m.retryPolicy(code, s))),
  });
  asked.push(m.retryPolicy(code));
}
asked.push(...q.policies);
for (const p of asked) a.delays.push(q.retries.map((n) => m.retryDelayMs(p, n)));

for (const e of q.encode) {
  const init = {};
  if (e.status !== null) init.status = e.status;
  if (e.details !== null) init.details = e.details;
  if (e.instance !== "") init.instance = e.instance;
  a.encode.push(JSON.stringify(new m.ApiError(e.code, e.message, init)));
}

for (const body of q.decode) {
  let e;
  try {
    e = m.ApiError.decode(JSON.parse(body));
  } catch {
    a.decode.push({ ok: false, code: "", message: "", instance: "", status: 0, details: null });
    continue;
  }
  a.decode.push({ ok: true, code: e.code, message: e.message, instance: e.instance ?? "", status: e.status, details: e.details ?? null });
}

for (const r of q.responses) {
  const headers = r.retryAfter === null ? {} : { "Retry-After": r.retryAfter };
  const body = r.long ? "x".repeat(m.MaxBodyBytes + 1) : r.body;
  const now = Date.now();
  const e = await m.ApiError.fromResponse(new Response(body, { status: r.status, headers }));
  const got = { code: e.code, message: e.message, instance: e.instance ?? "", status: e.status, retryAfter: e.retryAfterMs, retries: [] };
  if (r.date && e.retryAfterMs > 0) got.retryAfter = Math.round((now + e.retryAfterMs) / 1000);
  const p = m.retryPolicy(e.code, e.status);
  for (let attempt = 0; attempt < 5; attempt++) {
    const d = m.shouldRetry(e, attempt);
    let w = d.waitMs;
    if (d.retry && p.jitter !== "none" && !(p.retryAfter && e.retryAfterMs > 0)) {
      w = d.waitMs < 0 || d.waitMs > m.retryDelayMs(p, attempt + 1) ? -2 : -1;
    }
    if (r.date && d.retry && p.retryAfter && d.waitMs === e.retryAfterMs) w = -3; // the Retry-After date, compared above
    got.retries.push({ retry: d.retry, waitMs: w });
  }
  a.responses.push(got);
}

// A lone surrogate would read as U+FFFD in Go, as the Go side's own
// answers do: mark it, so that the comparison sees it.
const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
process.stdout.write(JSON.stringify(a, (_, v) => (typeof v === "string" && lone.test(v) ? "lone surrogate in " + JSON.stringify(v) : v)));
