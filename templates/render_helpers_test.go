package templates

import (
	"context"
	"text/template"
)

// Render executes t with d within RenderLimit's bounds at MaxOutput, with
// no deadline.
func Render(t *template.Template, d *Data) ([]byte, error) {
	return RenderContext(context.Background(), t, d)
}

// RenderContext is RenderLimit at MaxOutput.
func RenderContext(ctx context.Context, t *template.Template, d *Data) ([]byte, error) {
	return RenderLimit(ctx, t, d, MaxOutput)
}
