package templates

import "bytes"

// renderDefault writes what default.md.tmpl writes for d, without going
// through text/template: executing the template spends most of its time
// in reflection (a helper call costs about 2 µs), which made the docs the
// slowest part of a small catalog's generate. default.md.tmpl stays the
// definition of the built-in docs, and the one a user copies to start a
// template of their own; TestDefaultRenderer and FuzzMarkdown hold this
// function to its output, byte for byte. Each piece below carries the
// template line it writes.
func renderDefault(d *Data) []byte {
	var b bytes.Buffer
	b.Grow(defaultSize(d))
	e := &d.Envelope
	problem := e.Format == "problem"

	// # {{heading .Name}} errors
	b.WriteString("# " + Heading(d.Name) + " errors")
	if d.Description != "" {
		b.WriteString("\n\n" + Block(d.Description))
	}

	b.WriteString("\n\n## Error shape\n\n")
	switch {
	case problem:
		b.WriteString("Errors come as [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details, a JSON body sent with " + CodeSpan("Content-Type: "+e.ContentType) + ", of this shape:")
	case e.ContentType != "application/json":
		b.WriteString("Errors come as a JSON body sent with " + CodeSpan("Content-Type: "+e.ContentType) + ", of this shape:")
	default:
		b.WriteString("Errors come as a JSON body of this shape:")
	}
	b.WriteString("\n\n```json\n" + e.Example + "\n```\n\n")

	b.WriteString("- " + CodeSpan(e.Code) + " holds the error code: the stable contract to branch on.")
	if e.Title != "" {
		b.WriteString("\n- " + CodeSpan(e.Title) + " holds the code's title, the same on every occurrence (the Title column below).")
	}
	b.WriteString("\n- " + CodeSpan(e.Message) + " holds a message for people; do not parse it.")
	if e.Status != "" {
		b.WriteString("\n- " + CodeSpan(e.Status) + " repeats the response's HTTP status.")
	}
	if e.Details != "" {
		b.WriteString("\n- " + CodeSpan(e.Details) + ", when present, carries more about the error as any JSON value; codes that use it say so below.")
	}
	switch {
	case e.DocURL != "" && d.DocsURL != "":
		b.WriteString("\n- " + CodeSpan(e.DocURL) + " links to the code's entry in this reference")
		if problem {
			b.WriteString("; a body without " + CodeSpan(e.Code) + " is identified by it")
		}
		b.WriteString(".")
	case e.DocURL != "" && problem:
		b.WriteString("\n- Bodies carry no " + CodeSpan(e.DocURL) + ", which RFC 9457 reads as `about:blank`.")
	}
	if e.Instance != "" {
		b.WriteString("\n- " + CodeSpan(e.Instance) + ", when present, identifies this occurrence of the error.")
	}
	if e.Fixed != "" {
		b.WriteString("\n- Every error body also carries " + CodeSpan(e.Fixed) + ".")
	}
	if d.HasAsync {
		b.WriteString("\n\nSome codes are reported asynchronously, in a job's status or a webhook, rather than in an HTTP error response. Their Status cell says `async`; a status before it means the code can come both ways.")
	}

	b.WriteString("\n\n## Codes")
	if len(d.Categories) > 0 {
		for i := range d.Categories {
			c := &d.Categories[i]
			b.WriteString("\n\n### " + Heading(c.Title))
			if c.Description != "" {
				b.WriteString("\n\n" + Block(c.Description))
			}
			b.WriteString("\n\n")
			codeTable(&b, c.Codes, c.HasTitle, c.HasFix)
		}
	} else {
		b.WriteString("\n\n")
		codeTable(&b, d.Codes, d.HasTitle, d.HasFix)
	}

	b.WriteString("\n\n## Retry guidance\n\n| Code | Retry? | Notes |\n| --- | --- | --- |")
	for i := range d.Codes {
		c := &d.Codes[i]
		// | {{cell (code .Code)}} | {{cell .Retry.Answer}} | {{cell .Retry.Notes}} |
		b.WriteString("\n| " + Cell(CodeSpan(c.Code)) + " | " + Cell(c.Retry.Answer) + " | " + Cell(c.Retry.Notes) + " |")
	}

	b.WriteString("\n\n## Codes not listed here\n\nThe API may send codes this page does not list yet. Handle them by HTTP status:\n\n| Status | Retry? | Notes |\n| --- | --- | --- |")
	for _, f := range d.Fallback {
		b.WriteString("\n| " + Cell(f.Statuses) + " | " + Cell(f.Retry.Answer) + " | " + Cell(f.Retry.Notes) + " |")
	}
	if len(d.Retired) > 0 {
		b.WriteString("\n\n## Retired codes\n\nThese codes are no longer sent and will never be reused.\n\n| Code | Removed in | Reason |\n| --- | --- | --- |")
		for _, r := range d.Retired {
			b.WriteString("\n| <a id=\"" + r.Anchor + "\"></a>" + Cell(CodeSpan(r.Code)) + " | " + Cell(r.Removed) + " | " + Cell(r.Reason) + " |")
		}
	}
	// The line break before {{define "codes"}}, and the one after its {{end}}.
	b.WriteString("\n\n")
	return b.Bytes()
}

// defaultSize is about the size of what renderDefault writes, so that it
// is written in one allocation: each megabyte a run touches is about a
// millisecond of page faults.
func defaultSize(d *Data) int {
	n := 2048 + len(d.Name) + len(d.Description) + len(d.Envelope.Example)
	for _, c := range d.Categories {
		n += len(c.Title) + len(c.Description) + 128
	}
	for _, c := range d.Codes {
		n += 2*(len(c.Code)+len(c.Anchor)) + len(c.Title) + len(c.StatusText) + len(c.Description) + len(c.Fix) + len(c.Since) + len(c.Deprecation) + len(c.Retry.Answer) + len(c.Retry.Notes) + 48
	}
	for _, r := range d.Retired {
		n += 2*len(r.Code) + len(r.Anchor) + len(r.Reason) + len(r.Removed) + 32
	}
	return n
}

// codeTable writes the template "codes" of default.md.tmpl: the table of
// codes, with Title and Fix columns when asked.
func codeTable(b *bytes.Buffer, codes []Code, title, fix bool) {
	// | Code |{{if .HasTitle}} Title |{{end}} Status | Description |{{if .HasFix}} Fix |{{end}}
	b.WriteString("| Code |")
	if title {
		b.WriteString(" Title |")
	}
	b.WriteString(" Status | Description |")
	if fix {
		b.WriteString(" Fix |")
	}
	b.WriteString("\n| --- |")
	if title {
		b.WriteString(" --- |")
	}
	b.WriteString(" --- | --- |")
	if fix {
		b.WriteString(" --- |")
	}
	for i := range codes {
		c := &codes[i]
		b.WriteString("\n| <a id=\"" + c.Anchor + "\"></a>" + Cell(CodeSpan(c.Code)) + " |")
		if title {
			b.WriteString(" " + Cell(c.Title) + " |")
		}
		b.WriteString(" " + c.StatusText + " | ")
		if c.Deprecated {
			b.WriteString("**Deprecated**")
			if c.Deprecation != "" {
				b.WriteString(": " + Cell(c.Deprecation))
			}
			b.WriteString(" ")
		}
		b.WriteString(Cell(c.Description))
		if c.Since != "" {
			b.WriteString(" (since " + Cell(c.Since) + ")")
		}
		b.WriteString(" |")
		if fix {
			b.WriteString(" " + Cell(c.Fix) + " |")
		}
	}
}
