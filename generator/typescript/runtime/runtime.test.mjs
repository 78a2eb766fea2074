// Tests of runtime.ts on its own, against catalog_gen.ts (the catalog in
// errors.toml). The generator's tests compile both to JavaScript and run
// this file with node --test beside them.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, retryPolicy, retryDelayMs, retryWaitMs, shouldRetry, MaxBodyBytes } from "./runtime.js";
import { Code } from "./catalog_gen.js";

const decode = (text) => ApiError.decode(JSON.parse(text));

test("decode reads the envelope's paths", () => {
  const e = decode(`{"ok":false,"error":{"code":"RATE_LIMITED","message":"slow","details":{"b":1,"a":[2]},"doc":"x"},"meta":{"status":429}}`);
  assert.equal(e.code, Code.RateLimited);
  assert.equal(e.message, "slow");
  assert.equal(e.status, 429);
  assert.deepEqual(e.details, { b: 1, a: [2] });
  assert.equal(e.retryAfterMs, 0);
});

test("decode matches member names as Go's encoding/json does", () => {
  const cases = [
    [`{"ERROR":{"Code":"A"}}`, "A", ""],
    [`{"error":{"code":"A"},"Error":{"message":"m"}}`, "A", "m", "objects named twice merge"],
    [`{"error":{"code":"A"},"error2":{"message":"m"}}`, "A", ""],
    [`{"error":{"code":"A","CODE":"B","Code":"C"}}`, "C", "", "the last of the names wins"],
    [`{"error":{"code":"A"},"ERROR":null,"Error":{"message":"m"}}`, "", "m", "null empties an object"],
    [`{"error":{"code":"A"},"ERROR":"x"}`, "A", "", "a value of another type changes nothing"],
    [`{"error":{"code":"A"},"ERROR":[1]}`, "A", ""],
    [`{"error":{"me\u017fsage":"long s","code":"A"}}`, "A", "long s", "U+017F folds to s"],
    [`{"error":{"\u212aode":"x","code":"A"}}`, "A", ""],
    [`{"error":{"code":"\ud800"}}`, "\ufffd", "", "a lone surrogate reads as U+FFFD"],
  ];
  for (const [body, code, message, reason] of cases) {
    if (code === "") {
      assert.throws(() => decode(body), TypeError, body);
      continue;
    }
    const e = decode(body);
    assert.deepEqual([e.code, e.message], [code, message], `${body}: ${reason ?? ""}`);
  }
});

test("decode reads a status in any JSON form", () => {
  const status = (v) => decode(`{"error":{"code":"A"},"meta":{"status":${v}}}`).status;
  for (const [v, want] of [["429", 429], ["429.0", 429], ["4.29e2", 429], [`"429"`, 429], [`"4.29e2"`, 429], ["-1", -1], ["-0", 0],
    [`" 429"`, 0], [`"0x1AD"`, 0], ["429.5", 0], ["1e10", 0], ["1e400", 0], ["null", 0], ["true", 0], [`"x"`, 0], ["[429]", 0], [`"Infinity"`, 0]]) {
    assert.equal(status(v), want, `status ${v}`);
  }
});

test("decode reads a code written as a number by its text", () => {
  assert.equal(decode(`{"error":{"code":20003}}`).code, "20003");
  assert.throws(() => decode(`{"error":{"code":null}}`), TypeError);
  assert.throws(() => decode(`{"error":{"code":true}}`), TypeError);
  assert.throws(() => decode(`{"error":{"code":{"a":1}}}`), TypeError);
});

test("decode finds a listed code by its docs link", () => {
  assert.equal(decode(`{"error":{"doc":"https://example.com/errors#rate_limited"}}`).code, Code.RateLimited);
  assert.equal(decode(`{"error":{"code":"A","doc":"https://example.com/errors#rate_limited"}}`).code, "A", "a code wins");
  assert.throws(() => decode(`{"error":{"doc":"https://example.com/errors#nothing"}}`), TypeError);
});

test("toJSON writes the envelope as the Go package does", () => {
  const e = new ApiError(Code.RateLimited, "slow <down> & \u2028");
  assert.equal(JSON.stringify(e),
    `{"ok":false,"error":{"code":"RATE_LIMITED","message":"slow <down> & \u2028","doc":"https://example.com/errors#rate_limited"},"meta":{"status":429}}`);
  assert.equal(JSON.stringify(new ApiError("", "")), `{"ok":false,"error":{"message":""}}`);
  assert.equal(JSON.stringify(new ApiError("X", "m", { status: 0, details: null })), `{"ok":false,"error":{"code":"X","message":"m","details":null}}`);
  const a = e.toJSON(), b = e.toJSON();
  assert.notEqual(a, b, "a fresh object every time");
});

test("retry delays follow Go's arithmetic", () => {
  const p = { kind: "backoff", maxRetries: 0, initialDelayMs: 500, maxDelayMs: 30000, multiplier: 1.1, retryAfter: false, idempotentOnly: false, jitter: "none" };
  assert.equal(retryDelayMs(p, 0), 0);
  assert.equal(retryDelayMs(p, 1), 500);
  assert.equal(retryDelayMs(p, 5), 732.05);
  assert.equal(retryDelayMs(p, 1e6), 30000);
  assert.equal(retryDelayMs(p, 2.9), retryDelayMs(p, 2), "a fraction is rounded toward zero");
  assert.equal(retryDelayMs({ ...p, multiplier: Infinity }, 3), 30000);
  assert.equal(retryDelayMs({ ...p, multiplier: NaN }, 3), 30000);
  assert.equal(retryDelayMs({ ...p, initialDelayMs: 0 }, 3), 0);
  assert.equal(retryWaitMs(p, 3), retryDelayMs(p, 3), "no jitter");
  for (let i = 0; i < 100; i++) {
    const full = retryWaitMs({ ...p, jitter: "full" }, 3);
    const equal = retryWaitMs({ ...p, jitter: "equal" }, 3);
    assert.ok(full >= 0 && full <= 605 && Number.isInteger(Math.round(full * 1e6)));
    assert.ok(equal >= 302.5 && equal <= 605);
  }
});

test("the fallback never retries 501", () => {
  assert.equal(retryPolicy("UNKNOWN", 503).kind, "backoff");
  assert.equal(retryPolicy("UNKNOWN", 502).idempotentOnly, true);
  assert.equal(retryPolicy("UNKNOWN", 501).kind, "never");
  assert.equal(retryPolicy("UNKNOWN", 404).kind, "never");
});

async function retryAfter(value) {
  const e = await ApiError.fromResponse(new Response("{}", { status: 503, headers: { "Retry-After": value } }));
  return e.retryAfterMs;
}

test("Retry-After: seconds or an HTTP date", async () => {
  for (const [v, want] of [["5", 5000], ["+5", 5000], ["007", 7000], ["-5", 0], ["0", 0], ["1.5", 0], ["5s", 0], ["abc", 0],
    ["99999999999999999999", 0], ["9223372036854775807", 9223372036000], ["Wed, 21 Oct 2015 07:28:00 GMT", 0]]) {
    assert.equal(await retryAfter(v), want, `Retry-After: ${v}`);
  }
  const t = new Date(Date.now() + 120_000);
  t.setUTCMilliseconds(0);
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p2 = (n) => String(n).padStart(2, "0");
  const hms = `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`;
  const mon = months[t.getUTCMonth()];
  const forms = [
    t.toUTCString(),
    t.toUTCString().toUpperCase().replace("GMT", "GMT"),
    `${days[t.getUTCDay()]}, ${p2(t.getUTCDate())}-${mon}-${String(t.getUTCFullYear()).slice(2)} ${hms} GMT`,
    `${days[t.getUTCDay()].slice(0, 3)} ${mon} ${String(t.getUTCDate()).padStart(2, " ")} ${hms} ${t.getUTCFullYear()}`,
  ];
  for (const v of forms) {
    const ms = await retryAfter(v);
    assert.ok(ms > 110_000 && ms <= 120_000, `Retry-After: ${v} gave ${ms}`);
  }
  for (const v of ["Wed, 30 Feb 2099 07:28:00 GMT", "Wed, 21 Oct 2099 24:00:00 GMT", "Xyz, 21 Oct 2099 07:28:00 GMT", "Wed, 21 Oct 2099 07:28:00 UTC", "Wed, 21 Oct 2099 07:28 GMT"]) {
    assert.equal(await retryAfter(v), 0, `Retry-After: ${v}`);
  }
});

test("fromResponse stops reading after MaxBodyBytes", async () => {
  let pulled = 0;
  const stream = new ReadableStream({
    pull(controller) {
      pulled += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(32));
    },
  });
  const e = await ApiError.fromResponse(new Response(stream, { status: 503 }));
  assert.equal(e.code, "");
  assert.ok(pulled <= MaxBodyBytes + 3 * 64 * 1024, `read ${pulled} bytes of an endless body`);
  const bom = await ApiError.fromResponse(new Response("\ufeff" + JSON.stringify(new ApiError("A", "m")), { status: 400 }));
  assert.equal(bom.code, "", "a byte order mark is not JSON, as in Go");
});

test("shouldRetry applies maxRetries, Retry-After and idempotentOnly", () => {
  const flaky = new ApiError("UNKNOWN", "x", { status: 502, retryAfterMs: 0 });
  assert.equal(shouldRetry(flaky, 0).retry, true);
  assert.equal(shouldRetry(flaky, 3).retry, false, "careful allows 3 retries");
  assert.equal(shouldRetry(flaky, 0, "POST").retry, false);
  assert.equal(shouldRetry(flaky, 0, "get").retry, true);
  const limited = new ApiError(Code.RateLimited, "x", { retryAfterMs: 9000 });
  assert.deepEqual(shouldRetry(limited, 40), { retry: true, waitMs: 9000 });
  assert.deepEqual(shouldRetry(new ApiError(Code.MissingAPIKey, "x"), 0), { retry: false, waitMs: 0 });
});
