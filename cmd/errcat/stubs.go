package main

import (
	"context"
	"errors"
	"io"
)

var errTodo = errors.New("not implemented yet")

func runGenerate(context.Context, []string, io.Writer, io.Writer) error { return errTodo }
func runCheck(context.Context, []string, io.Writer, io.Writer) error    { return errTodo }
func runDiff(context.Context, []string, io.Writer, io.Writer) error     { return errTodo }
func runInit(context.Context, []string, io.Writer, io.Writer) error     { return errTodo }
func runVersion(context.Context, []string, io.Writer, io.Writer) error  { return errTodo }
