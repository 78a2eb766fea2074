// Runs the README's TypeScript example, compiled to example.js beside the
// module of the README's catalog, against a Node HTTP server on the
// loopback interface that answers each path with a scripted sequence of
// responses.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { getJSON } from "./example.js";
import { ApiError, Code } from "./errors.js";

const envelope = (code, message, status) => JSON.stringify({ code, message, status });

// scripts holds, by path, the responses the server sends in turn.
const scripts = {
  "/flaky": [
    [503, { "Content-Type": "text/html" }, "<html>503 Service Unavailable</html>"],
    [503, { "Content-Type": "application/json" }, envelope(Code.Overloaded, "shedding load", 503)],
    [429, { "Retry-After": "0" }, envelope(Code.RateLimited, "slow down", 429)],
    [200, { "Content-Type": "application/json" }, `{"ok":true}`],
  ],
  "/render": [[500, {}, envelope(Code.RenderFailed, "render failed", 500)], [200, {}, "{}"]],
  "/credits": [[402, {}, envelope(Code.InsufficientCredits, "no credits", 402)], [200, {}, "{}"]],
  "/conflict": [[409, { "Retry-After": "1" }, envelope(Code.EditConflict, "changed meanwhile", 409)], [200, {}, `{"second":true}`]],
};
const hits = {};

const server = createServer((req, res) => {
  const path = req.url ?? "";
  hits[path] = (hits[path] ?? 0) + 1;
  const [status, headers, body] = scripts[path]?.[hits[path] - 1] ?? [404, {}, ""];
  res.writeHead(status, headers).end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
after(() => server.close());
const base = `http://127.0.0.1:${server.address().port}`;

test("retries until the request succeeds", async () => {
  assert.deepEqual(await getJSON(base + "/flaky"), { ok: true });
  assert.equal(hits["/flaky"], 4, "an HTML 503, an OVERLOADED, a RATE_LIMITED, then the answer");
});

test("honours Retry-After", async () => {
  const start = Date.now();
  assert.deepEqual(await getJSON(base + "/conflict", { method: "PUT" }), { second: true });
  assert.ok(Date.now() - start >= 1000, "waited the second Retry-After asks for");
});

test("stops where the catalog says", async () => {
  await assert.rejects(getJSON(base + "/render", { method: "POST" }), (err) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, Code.RenderFailed);
    assert.equal(err.status, 500);
    return true;
  });
  assert.equal(hits["/render"], 1, "RENDER_FAILED retries only requests safe to repeat");
  await assert.rejects(getJSON(base + "/credits"), { name: "ApiError", code: Code.InsufficientCredits, message: "no credits" });
  assert.equal(hits["/credits"], 1, "INSUFFICIENT_CREDITS needs a top-up first");
});
