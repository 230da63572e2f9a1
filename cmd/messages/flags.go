package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flagSet is a command's flags, with the help text that --help prints.
type flagSet struct {
	*flag.FlagSet
	usage   string // after "usage: messages "
	about   string
	example string
}

func newFlagSet(name, usage, about, example string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package would print its own messages and the whole usage on
	// an error; errors are one line here, printed by run.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, usage: usage, about: about, example: example}
}

// parse parses args, flags and positional arguments in any order (so that
// `send sms --text hi` and `verify TOKEN --secret S` both read naturally),
// and returns the positional ones. After "--" everything is positional. On
// -h or --help it prints the help to w and returns errHelp.
func (fs *flagSet) parse(args []string, w io.Writer) ([]string, error) {
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fs.printHelp(w)
			return nil, errHelp
		}
		if err != nil {
			return nil, usagef("%s (messages %s --help lists the flags)", err, fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// printHelp prints the usage line, what the command does, its flags with
// two dashes as the documentation spells them, and an example.
func (fs *flagSet) printHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: messages %s\n\n%s\n\nflags:\n", fs.usage, fs.about)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%s\n        %s", line, strings.ReplaceAll(usage, "\n", "\n        "))
		switch f.DefValue {
		case "", "false", "[]", "0", "0s":
		default:
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
	fmt.Fprintf(w, "\nexample:\n  %s\n", strings.ReplaceAll(fs.example, "\n", "\n  "))
}

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return "[" + strings.Join(*l, " ") + "]" }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// isSet reports whether the flag name was given on the command line.
func (fs *flagSet) isSet(name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
