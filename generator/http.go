package generator

import (
	"github.com/dave/jennifer/jen"
)

// http emits the HTTP side: reading responses, writing errors, and the
// retry classifiers.
func (g *goGen) http() {
	f := g.f
	resp := func() *jen.Statement { return jen.Op("*").Qual("net/http", "Response") }
	dur := func() *jen.Statement { return jen.Qual("time", "Duration") }

	f.Comment("MaxBodyBytes is the most FromResponse, CheckRetry and Backoff read of a response")
	f.Comment("body. FromResponse fails on a longer body; CheckRetry and Backoff then decide by")
	f.Comment("the HTTP status alone.")
	f.Const().Id("MaxBodyBytes").Op("=").Lit(1 << 20)

	f.Comment("FromResponse decodes the error in resp's body and takes Status and RetryAfter")
	f.Comment("from the response. It reads at most MaxBodyBytes and leaves resp.Body readable")
	f.Comment("from the start; closing it is still the caller's job.")
	f.Func().Id("FromResponse").Params(id("resp").Add(resp())).Params(jen.Op("*").Id("Error"), jen.Error()).Block(
		jen.If(id("resp").Op("==").Nil()).Block(jen.Return(jen.Nil(), errNew(g.prefix()+"nil response"))),
		jen.List(id("body"), id("err")).Op(":=").Id("readBody").Call(id("resp")),
		jen.If(id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), qual("fmt", "Errorf").Call(lit(g.prefix()+"read %s response: %w"), id("resp").Dot("Status"), id("err")))),
		jen.List(id("e"), id("err")).Op(":=").Id("Decode").Call(id("body")),
		jen.If(id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), qual("fmt", "Errorf").Call(lit("%w (HTTP status %d)"), id("err"), id("resp").Dot("StatusCode")))),
		id("e").Dot("Status").Op("=").Id("resp").Dot("StatusCode"),
		id("e").Dot("RetryAfter").Op("=").Id("retryAfter").Call(id("resp").Dot("Header")),
		jen.Return(id("e"), jen.Nil()),
	)

	f.Comment("replayBody serves bytes already read from a body, then the rest of it.")
	f.Type().Id("replayBody").Struct(qual("io", "Reader"), qual("io", "Closer"))
	f.Comment("readBody reads up to MaxBodyBytes of resp.Body and puts back what it read, so the")
	f.Comment("caller can still read the whole body.")
	f.Func().Id("readBody").Params(id("resp").Add(resp())).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(id("resp").Dot("Body").Op("==").Nil().Op("||").Id("resp").Dot("Body").Op("==").Qual("net/http", "NoBody")).Block(jen.Return(jen.Nil(), jen.Nil())),
		jen.List(id("b"), id("err")).Op(":=").Qual("io", "ReadAll").Call(qual("io", "LimitReader").Call(id("resp").Dot("Body"), id("MaxBodyBytes").Op("+").Lit(1))),
		id("resp").Dot("Body").Op("=").Id("replayBody").Values(
			qual("io", "MultiReader").Call(qual("bytes", "NewReader").Call(id("b")), id("resp").Dot("Body")), id("resp").Dot("Body")),
		jen.If(id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), id("err"))),
		jen.If(jen.Len(id("b")).Op(">").Id("MaxBodyBytes")).Block(
			jen.Return(jen.Nil(), qual("fmt", "Errorf").Call(lit(g.prefix()+"response body is longer than MaxBodyBytes (%d bytes)"), id("MaxBodyBytes")))),
		jen.Return(id("b"), jen.Nil()),
	)

	f.Comment("retryAfter parses a Retry-After header: delay seconds or an HTTP date. It")
	f.Comment("returns 0 when the header is absent, malformed or in the past.")
	f.Func().Id("retryAfter").Params(id("h").Qual("net/http", "Header")).Add(dur()).Block(
		id("v").Op(":=").Qual("strings", "TrimSpace").Call(id("h").Dot("Get").Call(lit("Retry-After"))),
		jen.If(id("v").Op("==").Lit("")).Block(jen.Return(lit(0))),
		jen.If(jen.List(id("n"), id("err")).Op(":=").Qual("strconv", "ParseInt").Call(id("v"), lit(10), lit(64)), id("err").Op("==").Nil()).Block(
			jen.Const().Id("maxSeconds").Op("=").Qual("math", "MaxInt64").Op("/").Int64().Parens(qual("time", "Second")),
			jen.If(id("n").Op("<=").Lit(0)).Block(jen.Return(lit(0))),
			jen.Return(dur().Parens(jen.Min(id("n"), id("maxSeconds"))).Op("*").Qual("time", "Second")),
		),
		jen.If(jen.List(id("t"), id("err")).Op(":=").Qual("net/http", "ParseTime").Call(id("v")), id("err").Op("==").Nil()).Block(
			jen.If(id("d").Op(":=").Qual("time", "Until").Call(id("t")), id("d").Op(">").Lit(0)).Block(jen.Return(id("d")))),
		jen.Return(lit(0)),
	)

	f.Comment("Write sends e as an HTTP error response: the status (e.Status, else the catalog's,")
	f.Comment("else 500), a JSON Content-Type, Retry-After when e.RetryAfter is set, and the")
	f.Comment("envelope body. Details that are not valid JSON are left out.")
	f.Func().Id("Write").Params(id("w").Qual("net/http", "ResponseWriter"), id("e").Op("*").Id("Error")).Block(
		id("sent").Op(":=").Op("*").Id("e"),
		id("sent").Dot("Status").Op("=").Id("e").Dot("status").Call(),
		jen.List(id("body"), id("err")).Op(":=").Id("sent").Dot("MarshalJSON").Call(),
		jen.If(id("err").Op("!=").Nil()).Block(
			id("sent").Dot("Details").Op("=").Nil(),
			jen.List(id("body"), id("_")).Op("=").Id("sent").Dot("MarshalJSON").Call(),
		),
		id("h").Op(":=").Id("w").Dot("Header").Call(),
		id("h").Dot("Set").Call(lit("Content-Type"), lit("application/json")),
		jen.If(id("e").Dot("RetryAfter").Op(">").Lit(0)).Block(
			id("h").Dot("Set").Call(lit("Retry-After"), qual("strconv", "FormatInt").Call(
				jen.Int64().Parens(qual("math", "Ceil").Call(id("e").Dot("RetryAfter").Dot("Seconds").Call())), lit(10)))),
		id("w").Dot("WriteHeader").Call(id("sent").Dot("Status")),
		jen.List(id("_"), id("_")).Op("=").Id("w").Dot("Write").Call(jen.Append(id("body"), jen.LitRune('\n'))),
	)

	f.Comment("ShouldRetry reports whether to retry after err, and how long to wait first.")
	f.Comment("attempt counts the retries already made. It finds the *Error (or Code) in err's")
	f.Comment("chain and applies its policy: no when the policy does not retry or MaxRetries")
	f.Comment("is used up; the wait is the error's RetryAfter when the policy honours it, else")
	f.Comment("the policy's Delay(attempt+1). ShouldRetry assumes the request is safe to repeat.")
	f.Func().Id("ShouldRetry").Params(id("err").Error(), id("attempt").Int()).Params(dur(), jen.Bool()).Block(
		jen.List(id("e"), id("code")).Op(":=").Id("findError").Call(id("err")),
		jen.Var().Id("p").Id("RetryPolicy"),
		jen.Var().Id("wait").Add(dur()),
		jen.Switch().Block(
			jen.Case(id("e").Op("!=").Nil()).Block(
				id("p").Op("=").Id("RetryPolicyFor").Call(id("e").Dot("Code"), id("e").Dot("Status")),
				id("wait").Op("=").Id("e").Dot("RetryAfter"),
			),
			jen.Case(id("code").Op("!=").Lit("")).Block(
				id("p").Op("=").Id("RetryPolicyFor").Call(id("code"), id("code").Dot("HTTPStatus").Call())),
			jen.Default().Block(jen.Return(lit(0), jen.False())),
		),
		jen.If(jen.Op("!").Id("p").Dot("Retryable").Call().Op("||").Id("p").Dot("MaxRetries").Op(">").Lit(0).Op("&&").Id("attempt").Op(">=").Id("p").Dot("MaxRetries")).Block(
			jen.Return(lit(0), jen.False())),
		jen.If(id("p").Dot("RetryAfter").Op("&&").Id("wait").Op(">").Lit(0)).Block(jen.Return(id("wait"), jen.True())),
		jen.Return(id("p").Dot("Delay").Call(id("attempt").Op("+").Lit(1)), jen.True()),
	)

	f.Comment("findError walks err's chain, including joined errors, for the first *Error or")
	f.Comment("Code. It allocates nothing.")
	f.Func().Id("findError").Params(id("err").Error()).Params(jen.Op("*").Id("Error"), id("Code")).Block(
		jen.For(id("err").Op("!=").Nil()).Block(
			jen.Switch(id("e").Op(":=").Id("err").Assert(jen.Type())).Block(
				jen.Case(jen.Op("*").Id("Error")).Block(jen.If(id("e").Op("!=").Nil()).Block(jen.Return(id("e"), lit("")))),
				jen.Case(id("Code")).Block(jen.Return(jen.Nil(), id("e"))),
			),
			jen.Switch(id("u").Op(":=").Id("err").Assert(jen.Type())).Block(
				jen.Case(jen.Interface(jen.Id("Unwrap").Params().Error())).Block(id("err").Op("=").Id("u").Dot("Unwrap").Call()),
				jen.Case(jen.Interface(jen.Id("Unwrap").Params().Index().Error())).Block(
					jen.For(jen.List(id("_"), id("inner")).Op(":=").Range().Id("u").Dot("Unwrap").Call()).Block(
						jen.If(jen.List(id("e"), id("code")).Op(":=").Id("findError").Call(id("inner")), id("e").Op("!=").Nil().Op("||").Id("code").Op("!=").Lit("")).Block(
							jen.Return(id("e"), id("code")))),
					jen.Return(jen.Nil(), lit("")),
				),
				jen.Default().Block(jen.Return(jen.Nil(), lit(""))),
			),
		),
		jen.Return(jen.Nil(), lit("")),
	)

	f.Comment("responseCode returns the code in resp's body, or \"\" when there is none.")
	f.Func().Id("responseCode").Params(id("resp").Add(resp())).Id("Code").Block(
		jen.List(id("body"), id("err")).Op(":=").Id("readBody").Call(id("resp")),
		jen.If(id("err").Op("!=").Nil()).Block(jen.Return(lit(""))),
		jen.Var().Id("e").Id("Error"),
		jen.If(id("e").Dot("UnmarshalJSON").Call(id("body")).Op("!=").Nil()).Block(jen.Return(lit(""))),
		jen.Return(id("e").Dot("Code")),
	)

	f.Comment("CheckRetry has the signature of go-retryablehttp's CheckRetry, so")
	f.Comment("client.CheckRetry = CheckRetry works. It never retries once ctx is done; it")
	f.Comment("retries transport errors; it never retries a status below 400. Otherwise the")
	f.Comment("policy of the body's code decides (the fallback by status for unknown codes),")
	f.Comment("and an IdempotentOnly policy retries only GET, HEAD, OPTIONS, TRACE, PUT and")
	f.Comment("DELETE requests, or requests with an Idempotency-Key header. The body stays")
	f.Comment("readable. MaxRetries is left to the client's RetryMax.")
	f.Func().Id("CheckRetry").Params(id("ctx").Qual("context", "Context"), id("resp").Add(resp()), id("err").Error()).Params(jen.Bool(), jen.Error()).Block(
		jen.If(id("ctx").Op("!=").Nil().Op("&&").Id("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return(jen.False(), id("ctx").Dot("Err").Call())),
		jen.If(id("err").Op("!=").Nil()).Block(jen.Return(jen.True(), jen.Nil())),
		jen.If(id("resp").Op("==").Nil().Op("||").Id("resp").Dot("StatusCode").Op("<").Lit(400)).Block(jen.Return(jen.False(), jen.Nil())),
		id("p").Op(":=").Id("RetryPolicyFor").Call(id("responseCode").Call(id("resp")), id("resp").Dot("StatusCode")),
		jen.If(jen.Op("!").Id("p").Dot("Retryable").Call()).Block(jen.Return(jen.False(), jen.Nil())),
		jen.If(id("p").Dot("IdempotentOnly").Op("&&").Op("!").Id("idempotent").Call(id("resp").Dot("Request"))).Block(jen.Return(jen.False(), jen.Nil())),
		jen.Return(jen.True(), jen.Nil()),
	)

	f.Comment("idempotent reports whether req is safe to send again.")
	f.Func().Id("idempotent").Params(id("req").Op("*").Qual("net/http", "Request")).Bool().Block(
		jen.If(id("req").Op("==").Nil()).Block(jen.Return(jen.False())),
		jen.Switch(id("req").Dot("Method")).Block(
			jen.Case(lit(""), qual("net/http", "MethodGet"), qual("net/http", "MethodHead"), qual("net/http", "MethodOptions"),
				qual("net/http", "MethodTrace"), qual("net/http", "MethodPut"), qual("net/http", "MethodDelete")).Block(jen.Return(jen.True())),
		),
		jen.Return(id("req").Dot("Header").Dot("Get").Call(lit("Idempotency-Key")).Op("!=").Lit("")),
	)

	backoff := g.policy(g.c.Policy("backoff"))
	f.Comment("Backoff has the signature of go-retryablehttp's Backoff, so client.Backoff =")
	f.Comment("Backoff works. It returns a Retry-After header as is when the code's policy")
	f.Comment("honours it, else the policy's Delay(attemptNum+1) clamped to [min, max]. With a")
	f.Comment("nil response it uses the catalog's backoff policy.")
	f.Func().Id("Backoff").Params(id("min"), id("max").Add(dur()), id("attemptNum").Int(), id("resp").Add(resp())).Add(dur()).Block(
		id("p").Op(":=").Id("policies").Index(lit(backoff)),
		jen.If(id("resp").Op("!=").Nil()).Block(
			id("p").Op("=").Id("RetryPolicyFor").Call(id("responseCode").Call(id("resp")), id("resp").Dot("StatusCode")),
			jen.If(id("d").Op(":=").Id("retryAfter").Call(id("resp").Dot("Header")), id("p").Dot("RetryAfter").Op("&&").Id("d").Op(">").Lit(0)).Block(
				jen.Return(id("d"))),
		),
		id("d").Op(":=").Id("p").Dot("Delay").Call(id("attemptNum").Op("+").Lit(1)),
		jen.If(id("d").Op("<").Id("min")).Block(id("d").Op("=").Id("min")),
		jen.If(id("d").Op(">").Id("max")).Block(id("d").Op("=").Id("max")),
		jen.Return(id("d")),
	)
}
