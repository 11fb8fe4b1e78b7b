// Package web is the embedded web page of yibao serve: one HTML file, one
// style sheet and one script, with no build step and nothing loaded from
// elsewhere (no CDN, no web fonts), so it works offline.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var static embed.FS

// FS returns the page's files (index.html, static/app.css, static/app.js).
func FS() fs.FS {
	sub, _ := fs.Sub(static, "static")
	return sub
}

// csp allows nothing but this origin: the page works offline and cannot
// leak what is typed into it to another host.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves GET / (index.html) and GET /static/… (the other files);
// notFound answers for any other name.
func Handler(notFound http.Handler) http.Handler {
	files := http.FileServerFS(FS())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		if r.URL.Path == "/" {
			http.ServeFileFS(w, r, FS(), "index.html")
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if name == "" || strings.HasSuffix(name, "/") || name == "index.html" {
			notFound.ServeHTTP(w, r)
			return
		}
		if _, err := fs.Stat(FS(), name); err != nil {
			notFound.ServeHTTP(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path = strings.TrimPrefix(r.URL.Path, "/static")
		r2.URL = &u
		files.ServeHTTP(w, r2)
	})
}
