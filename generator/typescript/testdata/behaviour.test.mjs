// Behaviour tests shared by every generated module. The generator's tests
// compile each testdata catalog's module to errors.js and copy this file
// beside it, with want.json, which holds what the catalog says of each code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as m from "./errors.js";

const want = JSON.parse(readFileSync(new URL("./want.json", import.meta.url), "utf8"));

const unknown = "NO_SUCH_CODE_IN_ANY_CATALOG";

test("codes, statuses, categories and titles", () => {
  assert.deepEqual([...m.codes], want.codes.map((c) => c.wire));
  assert.ok(Object.isFrozen(m.codes), "codes is frozen");
  assert.deepEqual(Object.keys(m.Code), want.codes.map((c) => c.name));
  for (const c of want.codes) {
    assert.equal(m.Code[c.name], c.wire, `Code.${c.name}`);
    assert.ok(m.isCode(c.wire), `isCode(${JSON.stringify(c.wire)})`);
    assert.equal(m.httpStatus(c.wire), c.status, `httpStatus(${JSON.stringify(c.wire)})`);
    assert.equal(m.category(c.wire), c.category, `category(${JSON.stringify(c.wire)})`);
    assert.equal(m.title(c.wire), c.title, `title(${JSON.stringify(c.wire)})`);
    assert.deepEqual({ ...m.retryPolicy(c.wire) }, c.policy, `retryPolicy(${JSON.stringify(c.wire)})`);
    assert.deepEqual({ ...m.retryPolicy(c.wire, 503) }, c.policy, "a listed code's policy does not depend on the status");
  }
  assert.deepEqual(Object.entries(m.Category), want.categories.map((c) => [c.name, c.key]));
  for (const v of [unknown, "", 42, null, undefined, {}, "__proto__", "constructor"]) {
    assert.equal(m.isCode(v), false, `isCode(${String(v)})`);
  }
  assert.equal(m.httpStatus(unknown), 0);
  assert.equal(m.category(unknown), "");
  assert.equal(m.title(unknown), "");
});

test("the catalog's objects cannot be changed", () => {
  assert.ok(Object.isFrozen(m.Code) && Object.isFrozen(m.Category));
  const p = m.retryPolicy(want.codes[0].wire);
  assert.ok(Object.isFrozen(p));
  assert.throws(() => {
    m.Code[want.codes[0].name] = "CHANGED";
  }, TypeError);
});

test("fallback for codes the catalog does not list", () => {
  for (const f of want.fallback) {
    assert.deepEqual({ ...m.retryPolicy(unknown, f.status) }, f.policy, `retryPolicy(unknown, ${f.status})`);
  }
  assert.deepEqual(m.retryPolicy(unknown), m.retryPolicy(unknown, 0), "no status is status 0");
  assert.deepEqual(m.retryPolicy(unknown, 503.5), m.retryPolicy(unknown, 0), "a fraction is no status");
  assert.deepEqual(m.retryPolicy(unknown, NaN), m.retryPolicy(unknown, 0), "NaN is no status");
});

/** delay is SPEC §7's arithmetic, written independently of the module, in whole nanoseconds. */
function delay(p, retry) {
  if (retry < 1 || p.initialDelayMs <= 0) return 0;
  let d = p.initialDelayMs * 1e6;
  const max = p.maxDelayMs * 1e6;
  for (let i = 1; i < retry; i++) {
    d *= p.multiplier;
    if (d >= max) return max / 1e6;
  }
  return Math.trunc(Math.min(d, max)) / 1e6;
}

test("delays and jittered waits", () => {
  for (const c of want.codes) {
    const p = m.retryPolicy(c.wire);
    assert.equal(m.isRetryable(p), p.kind === "once" || p.kind === "backoff");
    assert.equal(m.retryDelayMs(p, 0), 0);
    assert.equal(m.retryDelayMs(p, -3), 0);
    for (let n = 1; n <= 12; n++) {
      const d = m.retryDelayMs(p, n);
      assert.equal(d, delay(p, n), `${c.wire} retryDelayMs(${n})`);
      for (let i = 0; i < 20; i++) {
        const w = m.retryWaitMs(p, n);
        const lo = p.jitter === "full" ? 0 : p.jitter === "equal" ? Math.floor(d * 1e6 / 2) / 1e6 : d;
        assert.ok(w >= lo && w <= d, `${c.wire} retryWaitMs(${n}) = ${w}, want in [${lo}, ${d}]`);
      }
    }
    assert.ok(Number.isFinite(m.retryDelayMs(p, 1e9)), "no overflow");
  }
});

const hostileMessage = "message with \"quotes\", <tags>, & a | pipe, \u2028 a separator and unicode ✓ 🚀";

test("encode and decode round trip", () => {
  for (const c of want.codes) {
    const init = want.hasDetails ? { details: { field: ["a", 1] } } : {};
    const e = new m.ApiError(c.wire, hostileMessage, init);
    assert.equal(e.name, "ApiError");
    assert.ok(e instanceof Error && e instanceof m.ApiError);
    assert.equal(e.message, hostileMessage);
    assert.equal(e.status, c.status, "status defaults to the catalog's");
    assert.equal(e.retryAfterMs, 0);
    const body = JSON.parse(JSON.stringify(e));
    for (const [k, v] of Object.entries(want.fixed)) {
      assert.deepEqual(body[k], v, `fixed member ${k}`);
    }
    const back = m.ApiError.decode(body);
    assert.equal(back.code, c.wire);
    assert.equal(back.message, hostileMessage);
    assert.equal(back.status, want.hasStatus ? c.status : 0);
    if (want.hasDetails) assert.deepEqual(back.details, { field: ["a", 1] });
    assert.equal(JSON.stringify(back), JSON.stringify(new m.ApiError(c.wire, hostileMessage, { ...init, status: back.status })));
  }
  const e = new m.ApiError(unknown, "from a newer server");
  assert.equal(e.status, 0);
  const back = m.ApiError.decode(JSON.parse(JSON.stringify(e)));
  assert.equal(back.code, unknown, "unknown codes are kept");
});

test("decode without a code throws a TypeError, but for a problem", () => {
  for (const body of [null, [], "x", 42]) {
    assert.throws(() => m.ApiError.decode(body), TypeError, JSON.stringify(body));
  }
  for (const body of [{}, JSON.parse(JSON.stringify(new m.ApiError("", "no code", { status: 502 })))]) {
    if (!want.problem) {
      assert.throws(() => m.ApiError.decode(body), TypeError, JSON.stringify(body));
      continue;
    }
    const e = m.ApiError.decode(body);
    assert.equal(e.code, "", "a problem without a code has code \"\"");
    assert.equal(e.message, body.detail ?? "");
  }
});

test("title and instance", () => {
  const c = want.codes[0];
  const e = new m.ApiError(c.wire, "m", { instance: "/orders/7" });
  assert.equal(e.instance, "/orders/7");
  const back = m.ApiError.decode(JSON.parse(JSON.stringify(e)));
  assert.equal(back.instance, want.hasInstance ? "/orders/7" : undefined);
  if (want.hasTitle) assert.ok(JSON.stringify(e).includes(JSON.stringify(c.title)), "the title is written at the title path");
});

function response(body, status, headers = {}) {
  return new Response(body, { status, headers });
}

test("fromResponse reads a clone and takes status and Retry-After from the response", async () => {
  const c = want.codes.find((c) => c.status >= 400) ?? want.codes[0];
  const text = JSON.stringify(new m.ApiError(c.wire, "slow down"));
  const res = response(text, 429, { "Retry-After": "7" });
  const e = await m.ApiError.fromResponse(res);
  assert.equal(e.code, c.wire);
  assert.equal(e.message, "slow down");
  assert.equal(e.status, 429);
  assert.equal(e.retryAfterMs, 7000);
  assert.equal(await res.text(), text, "the response's own body is still there");

  const date = new Date(Date.now() + 60_000).toUTCString();
  const dated = await m.ApiError.fromResponse(response(text, 503, { "Retry-After": date }));
  assert.ok(dated.retryAfterMs > 55_000 && dated.retryAfterMs <= 60_000, `Retry-After ${date}: ${dated.retryAfterMs}`);
  const past = await m.ApiError.fromResponse(response(text, 503, { "Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT" }));
  assert.equal(past.retryAfterMs, 0);
});

test("fromResponse without an envelope gives code \"\" and the fallback decides", async () => {
  const bodies = [
    ["<html><body>503 Service Unavailable</body></html>", 503],
    ["", 502],
    ["{\"nothing\": true}", 400],
    ["x".repeat(m.MaxBodyBytes + 1), 503],
    [JSON.stringify(new m.ApiError(want.codes[0].wire, "too long")).padEnd(m.MaxBodyBytes + 1, " "), 503],
  ];
  for (const [body, status] of bodies) {
    const e = await m.ApiError.fromResponse(response(body, status, { "Retry-After": "2" }));
    assert.equal(e.code, "", `status ${status}, ${body.length} bytes`);
    assert.equal(e.status, status);
    assert.equal(e.retryAfterMs, 2000);
    const p = m.retryPolicy("", status);
    const got = m.shouldRetry(e, 0);
    assert.equal(got.retry, m.isRetryable(p), `shouldRetry after a ${status} without an envelope`);
  }
  const used = response("{}", 503);
  await used.text();
  const e = await m.ApiError.fromResponse(used);
  assert.equal(e.code, "", "a used body holds no envelope");
});

test("shouldRetry", () => {
  assert.deepEqual(m.shouldRetry(new Error("x"), 0), { retry: false, waitMs: 0 });
  assert.deepEqual(m.shouldRetry(undefined, 0), { retry: false, waitMs: 0 });
  assert.deepEqual(m.shouldRetry({ code: want.codes[0].wire, status: 503 }, 0), { retry: false, waitMs: 0 });
  for (const c of want.codes) {
    const p = m.retryPolicy(c.wire);
    const e = new m.ApiError(c.wire, "x", { status: c.status || 503, retryAfterMs: 1234 });
    for (let attempt = 0; attempt < 6; attempt++) {
      const got = m.shouldRetry(e, attempt);
      const retry = m.isRetryable(p) && !(p.maxRetries > 0 && attempt >= p.maxRetries);
      assert.equal(got.retry, retry, `${c.wire} attempt ${attempt}`);
      if (!retry) {
        assert.equal(got.waitMs, 0);
        continue;
      }
      if (p.retryAfter) assert.equal(got.waitMs, 1234, "a honoured Retry-After is used as it is");
      else assert.ok(got.waitMs <= m.retryDelayMs(p, attempt + 1));
      const post = m.shouldRetry(e, attempt, "post");
      assert.equal(post.retry, !p.idempotentOnly, `${c.wire} POST under idempotentOnly ${p.idempotentOnly}`);
      assert.equal(m.shouldRetry(e, attempt, "put").retry, true);
    }
    assert.equal(m.shouldRetry(new m.ApiError(c.wire, "x", { status: 302 }), 0).retry, false, "not an error status");
  }
});
