// The part of every TypeScript module errcat generates that does not depend
// on the catalog. The TypeScript target splices this file, from the line
// after the "errcat:runtime" marker on, after the declarations it renders for
// a catalog; here, catalog_gen.ts holds those declarations for the small
// catalog in errors.toml, so that this code compiles and is tested on its
// own. The two statements below exist only for that purpose.
import { Code, Category, codeTable, policies, fallbackTable, envelopeShape, docsURL, codePath, problemFormat } from "./catalog_gen.js";
export type { CodeRow, FallbackTable, ShapeNode };
// errcat:runtime

/**
 * CodeRow is what the catalog says of one code: its wire value, HTTP status (0 when it is never sent
 * in a response), category ("" for none), index in policies, title and docs anchor. The code and
 * category are typed as strings, not as Code and Category: checking thousands of literals against
 * a union of thousands of types is more than the compiler will do.
 */
type CodeRow = readonly [code: string, status: number, category: string, policy: number, title: string, anchor: string];

/** ShapeNode is one node of the envelope's shape: an object, a one-element array, a field of the error, or a fixed member's JSON text. */
type ShapeNode =
  | { readonly object: readonly ShapeMember[] }
  | { readonly array: ShapeNode }
  | { readonly field: Field }
  | { readonly fixed: string };

/** ShapeMember is a member of an object node: its name, a pattern matching the names Go's encoding/json takes for it (the same name in any case), and its node. */
type ShapeMember = readonly [name: string, fold: string, node: ShapeNode];

/** Field names the parts of an error an envelope path can hold. */
type Field = "code" | "message" | "status" | "details" | "doc_url" | "title" | "instance";

/** FallbackTable is the catalog's [fallback] as indexes into policies: exact statuses, then status classes (4 for 4xx), then the default. */
interface FallbackTable {
  readonly exact: readonly (readonly [status: number, policy: number])[];
  readonly classes: readonly (readonly [cls: number, policy: number])[];
  readonly otherwise: number;
}

Object.freeze(Code);
Object.freeze(Category);
for (const p of policies) Object.freeze(p);

const codeIndex: ReadonlyMap<string, CodeRow> = new Map(codeTable.map((row) => [row[0], row]));

/** codes lists every code of the catalog, in catalog order. */
export const codes: readonly Code[] = Object.freeze(codeTable.map((row) => row[0] as Code));

/** isCode reports whether value is a code the catalog lists. */
export function isCode(value: unknown): value is Code {
  return typeof value === "string" && codeIndex.has(value);
}

/** httpStatus returns the HTTP status the API sends with code, or 0 for an unknown or async-only code. */
export function httpStatus(code: string): number {
  return codeIndex.get(code)?.[1] ?? 0;
}

/** category returns the category of code, or "" for an unknown code. */
export function category(code: string): Category | "" {
  return (codeIndex.get(code)?.[2] ?? "") as Category | "";
}

/** title returns the title of code, a short summary of the problem that does not change from occurrence to occurrence, or "" for an unknown code. */
export function title(code: string): string {
  return codeIndex.get(code)?.[4] ?? "";
}

/** RetryKind says whether and how a failed request may be retried: never; after_action (after someone acts, such as topping up credits); once; backoff (with exponential backoff). */
export type RetryKind = "never" | "after_action" | "once" | "backoff";

/** Jitter says how a retry policy randomises its waits: none (exactly the delay), full (uniform between 0 and the delay), equal (half the delay plus up to the other half). */
export type Jitter = "none" | "full" | "equal";

/** RetryPolicy says whether a failed request may be retried, how often and how soon. Delays are in milliseconds. */
export interface RetryPolicy {
  /** kind says whether and how to retry. */
  readonly kind: RetryKind;
  /** maxRetries is the most retries after the first attempt; 0 means no limit. */
  readonly maxRetries: number;
  /** initialDelayMs is the wait before the first retry. */
  readonly initialDelayMs: number;
  /** maxDelayMs is the longest wait between retries. */
  readonly maxDelayMs: number;
  /** multiplier is the growth of the wait from one retry to the next. */
  readonly multiplier: number;
  /** retryAfter says to honour a Retry-After header. */
  readonly retryAfter: boolean;
  /** idempotentOnly says to retry only requests that are safe to repeat. */
  readonly idempotentOnly: boolean;
  /** jitter says how retryWaitMs randomises the delay. */
  readonly jitter: Jitter;
}

/** neverRetry is the policy of the fallback for 501 Not Implemented, which is never retried. */
const neverRetry: RetryPolicy = Object.freeze({
  kind: "never", maxRetries: 0, initialDelayMs: 0, maxDelayMs: 0, multiplier: 0,
  retryAfter: false, idempotentOnly: false, jitter: "none",
});

/**
 * retryPolicy returns the catalog's policy for code or, for a code the catalog does not list, the
 * policy its fallback table gives the HTTP status (0, the default, when unknown; a status that is not
 * a whole number counts as 0). The fallback never retries 501 Not Implemented. The policies returned
 * are frozen and shared.
 */
export function retryPolicy(code: string, status?: number): RetryPolicy {
  const row = codeIndex.get(code);
  if (row !== undefined) return policyAt(row[3]);
  const s = status !== undefined && Number.isSafeInteger(status) ? status : 0;
  if (s === 501) return neverRetry;
  for (const [exact, p] of fallbackTable.exact) {
    if (exact === s) return policyAt(p);
  }
  if (s >= 100 && s <= 599) {
    for (const [cls, p] of fallbackTable.classes) {
      if (cls === Math.trunc(s / 100)) return policyAt(p);
    }
  }
  return policyAt(fallbackTable.otherwise);
}

function policyAt(i: number): RetryPolicy {
  const p = policies[i];
  if (p === undefined) throw new RangeError("errcat: no retry policy " + i);
  return p;
}

/** isRetryable reports whether a client may retry a request that failed under policy. */
export function isRetryable(policy: RetryPolicy): boolean {
  return policy.kind === "once" || policy.kind === "backoff";
}

/**
 * retryDelayMs returns the wait before retry number retry (1 for the first retry), without jitter:
 * initialDelayMs × multiplier^(retry-1), at most maxDelayMs. It is 0 for a retry below 1; a retry
 * that is not a whole number is rounded toward zero. The arithmetic is the Go package's, to the
 * nanosecond: both give the same delay for the same policy.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number): number {
  return delayNs(policy, retry) / 1e6;
}

/**
 * retryWaitMs returns how long to wait before retry number retry: retryDelayMs randomised as the
 * policy's jitter says (full: uniform in [0, delay]; equal: delay/2 plus uniform in [0, delay/2];
 * none: the delay).
 */
export function retryWaitMs(policy: RetryPolicy, retry: number): number {
  const d = delayNs(policy, retry);
  if (d <= 0) return d / 1e6;
  switch (policy.jitter) {
    case "full":
      return upTo(d) / 1e6;
    case "equal": {
      const half = Math.floor(d / 2);
      return (half + upTo(d - half)) / 1e6;
    }
  }
  return d / 1e6;
}

/** upTo returns a uniformly random whole number of nanoseconds between 0 and ns, both included. */
function upTo(ns: number): number {
  return Math.min(ns, Math.floor(Math.random() * (ns + 1)));
}

/** delayNs is retryDelayMs in whole nanoseconds, as Go's Delay computes it. */
function delayNs(p: RetryPolicy, retry: number): number {
  const n = Math.trunc(retry);
  const initial = Math.round(p.initialDelayMs * 1e6);
  if (!(n >= 1) || !(initial > 0)) return 0;
  const max = Math.round(p.maxDelayMs * 1e6);
  const d = initial * goPow(p.multiplier, n - 1);
  if (Number.isNaN(d) || d >= max) return max;
  return Math.trunc(d);
}

/**
 * goPow returns x**y for a whole y ≥ 0 as Go's math.Pow computes it (by repeated squaring of the
 * fraction Frexp gives), which can differ from Math.pow in the last bit.
 */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return Math.pow(x, y);
  let [x1, xe] = frexp(x);
  let a1 = 1;
  let ae = 0;
  for (let i = y; i !== 0; i = Math.floor(i / 2)) {
    if (xe < -4096 || 4096 < xe) {
      ae += xe;
      break;
    }
    if (i % 2 === 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  return ldexp(a1, ae);
}

/** frexp splits a finite x ≠ 0 into a fraction in [0.5, 1) and a power of two, as Go's math.Frexp. */
function frexp(x: number): [number, number] {
  const view = new DataView(new ArrayBuffer(8));
  let shift = 0;
  if (Math.abs(x) < 2 ** -1022) {
    x *= 2 ** 52;
    shift = -52;
  }
  view.setFloat64(0, x);
  const hi = view.getUint16(0);
  const exp = ((hi >>> 4) & 0x7ff) - 1022;
  view.setUint16(0, (hi & 0x800f) | (1022 << 4));
  return [view.getFloat64(0), exp + shift];
}

/** ldexp returns frac × 2**exp, as Go's math.Ldexp. */
function ldexp(frac: number, exp: number): number {
  if (exp > 1023) return frac * 2 ** 1023 * 2 ** Math.min(exp - 1023, 1024);
  if (exp < -1022) return frac * 2 ** -1022 * 2 ** Math.max(exp + 1022, -1100);
  return frac * 2 ** exp;
}

/** MaxBodyBytes is the most ApiError.fromResponse reads of a response body: a longer body holds no envelope for it. */
export const MaxBodyBytes = 1 << 20;

/** ApiErrorInit holds what the ApiError constructor takes besides the code and message. */
export interface ApiErrorInit {
  /** status is the HTTP status; the code's status in the catalog when not given. */
  status?: number;
  /** details is the value at the envelope's details path, if any. */
  details?: unknown;
  /** retryAfterMs is the wait a Retry-After header asked for, when the error came in a response. */
  retryAfterMs?: number;
  /** instance identifies this occurrence of the problem (a URI reference). */
  instance?: string;
}

/**
 * ApiError is an error response of the API: the code and message from its JSON envelope, with the
 * HTTP status and Retry-After of the response it came in. Its name is "ApiError" and its message
 * the envelope's message.
 */
export class ApiError extends Error {
  /** code is the error's code, exactly as it travels; "" for a response without an envelope. */
  readonly code: string;
  /** status is the HTTP status; 0 when not known. */
  readonly status: number;
  /** details is the value at the envelope's details path, if any. */
  readonly details?: unknown;
  /** retryAfterMs is the wait a Retry-After header asked for; 0 without one. */
  readonly retryAfterMs: number;
  /** instance identifies this occurrence of the problem, if the envelope carries one. */
  readonly instance?: string;

  /** The constructor's status defaults to the code's status in the catalog. */
  constructor(code: string, message: string, init?: ApiErrorInit) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = init?.status ?? httpStatus(code);
    this.retryAfterMs = init?.retryAfterMs ?? 0;
    if (init?.details !== undefined) this.details = init.details;
    if (init?.instance !== undefined) this.instance = init.instance;
  }

  /**
   * decode decodes an error body in the API's envelope, already parsed from JSON, as the Go
   * package's Decode does: codes the catalog does not list are kept; status is set only when the
   * envelope carries it. A body without a code takes the listed code its docs link points to. A
   * body that is not a JSON object, or has no code, throws a TypeError, except that under the
   * problem format a body without a code decodes with code "".
   */
  static decode(body: unknown): ApiError {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TypeError("errcat: error body is not a JSON object");
    const f = readEnvelope(body);
    let code = textOf(f.code);
    if (code === "" && typeof f.doc_url === "string") code = codeOfLink(wellFormed(f.doc_url));
    if (code === "" && !problemFormat) throw new TypeError("errcat: error body has no code at " + codePath);
    const init: ApiErrorInit = { status: statusOf(f.status) };
    if (f.details !== undefined && f.details !== null) init.details = f.details;
    if (typeof f.instance === "string" && f.instance !== "") init.instance = wellFormed(f.instance);
    return new ApiError(code, textOf(f.message), init);
  }

  /**
   * fromResponse decodes the error in a clone of res's body, reading at most MaxBodyBytes, and takes
   * status and retryAfterMs from the response; res's own body stays unread. It never rejects: for a
   * body without an envelope (not JSON, too long, no code) it resolves to an ApiError with code "",
   * so that shouldRetry applies the catalog's fallback for the status.
   */
  static async fromResponse(res: Response): Promise<ApiError> {
    const status = res.status;
    const retryAfterMs = parseRetryAfter(res.headers.get("Retry-After"));
    const text = await readHead(res);
    if (text !== undefined) {
      try {
        const e = ApiError.decode(JSON.parse(text));
        const init: ApiErrorInit = { status, retryAfterMs };
        if (e.details !== undefined) init.details = e.details;
        if (e.instance !== undefined) init.instance = e.instance;
        return new ApiError(e.code, e.message, init);
      } catch {
        // not JSON, or no code: no envelope
      }
    }
    return new ApiError("", "", { status, retryAfterMs });
  }

  /**
   * toJSON returns the error's envelope, as the Go package's MarshalJSON writes it: the fixed members,
   * the code (left out when empty), the message, the status (this.status, else the catalog's; left
   * out when neither is known), the details (left out when undefined) and, for a listed code, the link
   * to its entry in the docs and its title, where the envelope has paths for them.
   */
  toJSON(): unknown {
    const values: Partial<Record<Field, unknown>> = { message: this.message };
    if (this.code !== "") values.code = this.code;
    const status = this.status !== 0 ? this.status : httpStatus(this.code);
    if (status !== 0) values.status = status;
    if (this.details !== undefined) values.details = this.details;
    const row = codeIndex.get(this.code);
    if (row !== undefined && docsURL !== "") values.doc_url = docsURL + "#" + row[5];
    if (row !== undefined && row[4] !== "") values.title = row[4];
    if (this.instance !== undefined && this.instance !== "") values.instance = this.instance;
    const [, body] = encodeNode(envelopeShape, values);
    return body ?? {};
  }
}

/** encodeNode returns the value of a node and whether it holds anything: an object or array holding no value is left out. */
function encodeNode(n: ShapeNode, values: Partial<Record<Field, unknown>>): [boolean, unknown] {
  if ("fixed" in n) return [true, JSON.parse(n.fixed)];
  if ("field" in n) return n.field in values ? [true, values[n.field]] : [false, undefined];
  if ("array" in n) {
    const [ok, v] = encodeNode(n.array, values);
    return ok ? [true, [v]] : [false, undefined];
  }
  const obj: Record<string, unknown> = {};
  let any = false;
  for (const [name, , node] of n.object) {
    const [ok, v] = encodeNode(node, values);
    if (ok) {
      Object.defineProperty(obj, name, { value: v, enumerable: true, writable: true, configurable: true });
      any = true;
    }
  }
  return any ? [true, obj] : [false, undefined];
}

/**
 * Decoded is what a body holds along one node, as Go's encoding/json leaves it in the struct that
 * mirrors the envelope: undefined where nothing is (a nil pointer or slice), a member-by-member
 * record for an object, the length and first element for an array, the value itself for a field.
 */
type Decoded = undefined | { readonly kind: "object"; readonly members: Map<string, Decoded> } | { readonly kind: "array"; readonly len: number; readonly first: Decoded } | { readonly kind: "leaf"; readonly value: unknown };

/** readEnvelope returns the values a parsed body holds at the envelope's paths. */
function readEnvelope(body: unknown): Partial<Record<Field, unknown>> {
  const root = mergeObject(envelopeShape, { kind: "object", members: new Map() }, body);
  const out: Partial<Record<Field, unknown>> = {};
  collect(envelopeShape, root, out);
  return out;
}

function collect(n: ShapeNode, d: Decoded, out: Partial<Record<Field, unknown>>): void {
  if (d === undefined) return;
  if ("field" in n) {
    if (d.kind === "leaf") out[n.field] = d.value;
  } else if ("array" in n) {
    if (d.kind === "array" && d.len > 0) collect(n.array, d.first, out);
  } else if ("object" in n && d.kind === "object") {
    for (const [name, , node] of n.object) collect(node, d.members.get(name), out);
  }
}

/**
 * merge decodes v into what the node held before, as encoding/json decodes a value into a struct
 * field that may already be set (a body can name a member twice in different cases): a field takes
 * the value; an object takes the members of an object and becomes nothing on null; an array takes
 * the length of an array and merges its first element; a value of another JSON type changes nothing.
 */
function merge(n: ShapeNode, old: Decoded, v: unknown, element: boolean): Decoded {
  if ("field" in n || "fixed" in n) return { kind: "leaf", value: v };
  if ("array" in n) {
    if (v === null) return undefined;
    if (!Array.isArray(v)) return old;
    if (v.length === 0) return { kind: "array", len: 0, first: undefined };
    const prev = old !== undefined && old.kind === "array" && old.len > 0 ? old.first : undefined;
    return { kind: "array", len: v.length, first: merge(n.array, prev, v[0], true) };
  }
  // An array's element is a struct value, which null leaves as it is; a
  // member is a pointer, which null makes nil.
  if (v === null) return element ? old : undefined;
  return mergeObject(n, old, v);
}

/** mergeObject merges the members of v, when it is an object, into what an object node held before. */
function mergeObject(n: ShapeNode, old: Decoded, v: unknown): Decoded {
  if (!("object" in n) || typeof v !== "object" || v === null || Array.isArray(v)) return old;
  const members = old !== undefined && old.kind === "object" ? old.members : new Map<string, Decoded>();
  for (const key of Object.keys(v)) {
    const m = memberFor(n.object, wellFormed(key));
    if (m !== undefined) {
      const [name, , node] = m;
      members.set(name, merge(node, members.get(name), (v as Record<string, unknown>)[key], false));
    }
  }
  return { kind: "object", members };
}

const foldPatterns = new Map<string, RegExp>();

/** memberFor returns the member a body's key is decoded into: the one of that name, else the first whose name equals it ignoring case, as encoding/json matches names. */
function memberFor(members: readonly ShapeMember[], key: string): ShapeMember | undefined {
  for (const m of members) {
    if (m[0] === key) return m;
  }
  for (const m of members) {
    let re = foldPatterns.get(m[1]);
    if (re === undefined) {
      re = new RegExp(m[1], "u");
      foldPatterns.set(m[1], re);
    }
    if (re.test(key)) return m;
  }
  return undefined;
}

/** wellFormed returns s with each lone surrogate replaced by U+FFFD, as Go decodes one. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** textOf returns a string's value or a number's text, else "". */
function textOf(v: unknown): string {
  if (typeof v === "string") return wellFormed(v);
  if (typeof v === "number") return String(v);
  return "";
}

/** jsonNumber matches the text of a JSON number. */
const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/**
 * statusOf reads an HTTP status written as a JSON number in any form (429, 429.0, 4.29e2) or as a
 * string holding one ("429"); anything else, a fraction, or a number beyond any status, is 0.
 */
function statusOf(v: unknown): number {
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "string" && jsonNumber.test(v)) n = Number(v);
  else return 0;
  if (!Number.isInteger(n) || Math.abs(n) > 2147483647) return 0;
  return n === 0 ? 0 : n;
}

/** codeOfLink returns the listed code whose docs link is link, or "". */
function codeOfLink(link: string): string {
  if (docsURL === "" || !link.startsWith(docsURL + "#")) return "";
  const anchor = link.slice(docsURL.length + 1);
  for (const row of codeTable) {
    if (row[5] === anchor) return row[0];
  }
  return "";
}

/** readHead reads up to MaxBodyBytes of a clone of res's body as UTF-8 (a byte order mark kept), or undefined when it is longer, cannot be read or is already used. */
async function readHead(res: Response): Promise<string | undefined> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const body = res.clone().body;
    if (body === null) return "";
    reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MaxBodyBytes) return undefined;
      chunks.push(value);
    }
    const all = new Uint8Array(size);
    let off = 0;
    for (const c of chunks) {
      all.set(c, off);
      off += c.byteLength;
    }
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(all);
  } catch {
    return undefined;
  } finally {
    reader?.cancel().catch(() => {});
  }
}

/** asciiSpace matches the white space Go's strings.TrimSpace trims from a header value. */
const asciiSpace = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

/** maxSeconds is the most seconds a Retry-After gives: the longest Go duration, in whole seconds. */
const maxSeconds = 9223372036n;

/**
 * parseRetryAfter parses a Retry-After header, delay seconds or an HTTP date (IMF-fixdate, RFC 850
 * or asctime), into milliseconds, as the Go package does; 0 when the header is absent, malformed or
 * in the past.
 */
function parseRetryAfter(header: string | null): number {
  if (header === null) return 0;
  const v = header.replace(asciiSpace, "");
  if (v === "") return 0;
  if (/^[+-]?[0-9]+$/.test(v)) {
    const n = BigInt(v);
    if (n > 9223372036854775807n || n < -9223372036854775808n) return 0;
    if (n <= 0n) return 0;
    return Number(n < maxSeconds ? n : maxSeconds) * 1000;
  }
  const t = parseHTTPDate(v);
  if (t === undefined) return 0;
  const d = t - Date.now();
  return d > 0 ? d : 0;
}

const dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** httpDates are the three layouts Go's http.ParseTime accepts: IMF-fixdate, RFC 850 and asctime. */
const httpDates: readonly RegExp[] = [
  /^(?<wd>[A-Za-z]{3}), (?<d>[0-9]{2}) (?<mon>[A-Za-z]{3}) (?<y>[0-9]{4}) (?<h>[0-9]{1,2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(?<f>[.,][0-9]+)? GMT$/,
  /^(?<wd>[A-Za-z]{6,9}), (?<d>[0-9]{2})-(?<mon>[A-Za-z]{3})-(?<y2>[0-9]{2}) (?<h>[0-9]{1,2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(?<f>[.,][0-9]+)? GMT$/,
  /^(?<wd>[A-Za-z]{3}) (?<mon>[A-Za-z]{3}) (?<d> ?[0-9]{1,2}) (?<h>[0-9]{1,2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(?<f>[.,][0-9]+)? (?<y>[0-9]{4})$/,
];

/** parseHTTPDate returns the time of an HTTP date in milliseconds since the epoch, or undefined. */
function parseHTTPDate(v: string): number | undefined {
  for (const [i, layout] of httpDates.entries()) {
    const g = layout.exec(v)?.groups;
    if (g === undefined) continue;
    const wd = (g["wd"] ?? "").toLowerCase();
    if (!dayNames.some((d) => (i === 1 ? d === wd : d.slice(0, 3) === wd))) return undefined;
    const mon = monthNames.indexOf((g["mon"] ?? "").toLowerCase());
    let year = Number(g["y"]);
    if (g["y2"] !== undefined) {
      year = Number(g["y2"]);
      year += year >= 69 ? 1900 : 2000;
    }
    const day = Number((g["d"] ?? "").trim());
    const [h, mi, s] = [Number(g["h"]), Number(g["mi"]), Number(g["s"])];
    if (mon < 0 || day < 1 || day > daysIn(year, mon) || h > 23 || mi > 59 || s > 59) return undefined;
    const frac = g["f"] !== undefined ? Number("0." + g["f"].slice(1)) : 0;
    const t = new Date(0);
    t.setUTCFullYear(year, mon, day);
    t.setUTCHours(h, mi, s, 0);
    return t.getTime() + frac * 1000;
  }
  return undefined;
}

/** daysIn returns the number of days in month mon (0 for January) of year. */
function daysIn(year: number, mon: number): number {
  if (mon !== 1) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mon] ?? 0;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** safeMethods are the methods of requests that are safe to send again. */
const safeMethods = new Set(["", "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * shouldRetry says whether to retry after err, and how long to wait first, as the Go package's
 * ShouldRetry does: attempt counts the retries already made. For an ApiError it applies the code's
 * policy, or for a code the catalog does not list (an empty one included, as fromResponse gives for a
 * body without an envelope) the fallback for its status: no when the policy does not retry,
 * maxRetries is used up, or the status is not an error (100 to 399); the wait is retryAfterMs when the
 * policy honours it and it is set, else retryWaitMs(policy, attempt + 1). With a method, a policy
 * that retries only idempotent requests says no unless the method is GET, HEAD, OPTIONS, TRACE, PUT or
 * DELETE; without one, the request is taken to be safe to repeat. Anything but an ApiError is not
 * retried.
 */
export function shouldRetry(err: unknown, attempt: number, method?: string): { retry: boolean; waitMs: number } {
  const no = { retry: false, waitMs: 0 };
  if (!(err instanceof ApiError)) return no;
  const p = retryPolicy(err.code, err.status);
  const a = Math.trunc(attempt);
  if (!isRetryable(p) || (p.maxRetries > 0 && a >= p.maxRetries) || (err.status > 0 && err.status < 400)) return no;
  if (p.idempotentOnly && method !== undefined && !safeMethods.has(method.toUpperCase())) return no;
  if (p.retryAfter && err.retryAfterMs > 0) return { retry: true, waitMs: err.retryAfterMs };
  return { retry: true, waitMs: retryWaitMs(p, a + 1) };
}
