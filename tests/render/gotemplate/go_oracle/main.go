// Oracle for the differential test: runs Go's text/template (missingkey=zero, or =error when
// "strict") on JSON cases from stdin and prints the outputs or error messages as JSON.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Case struct {
	Tmpl   string      `json:"tmpl"`
	Data   interface{} `json:"data"`
	Strict bool        `json:"strict"`
}
type Result struct {
	Out string `json:"out"`
	Err string `json:"err"`
}

func main() {
	var cases []Case
	dec := json.NewDecoder(os.Stdin)
	if err := dec.Decode(&cases); err != nil {
		panic(err)
	}
	funcs := template.FuncMap{
		"upper": strings.ToUpper,
		"fail":  func(s string) (string, error) { return "", fmt.Errorf("%s", s) },
		"list":  func(a ...interface{}) []interface{} { return a },
		"dict": func(a ...interface{}) map[string]interface{} {
			m := map[string]interface{}{}
			for i := 0; i+1 < len(a); i += 2 {
				m[a[i].(string)] = a[i+1]
			}
			return m
		},
	}
	var res []Result
	for _, c := range cases {
		r := Result{}
		func() {
			defer func() {
				if p := recover(); p != nil {
					r.Err = fmt.Sprintf("PANIC %v", p)
				}
			}()
			t := template.New("t").Funcs(funcs)
			if c.Strict {
				t = t.Option("missingkey=error")
			} else {
				t = t.Option("missingkey=zero")
			}
			t, err := t.Parse(c.Tmpl)
			if err != nil {
				r.Err = err.Error()
				return
			}
			var buf bytes.Buffer
			err = t.Execute(&buf, c.Data)
			r.Out = buf.String()
			if err != nil {
				r.Err = err.Error()
			}
		}()
		res = append(res, r)
	}
	json.NewEncoder(os.Stdout).Encode(res)
}
