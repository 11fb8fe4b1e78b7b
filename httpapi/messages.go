package httpapi

import (
	"net/http"

	"yibao/report"
)

// MessagesAnswer is the body of GET /v1/messages: the message catalogue
// (report/messages.go) by language, from which the page takes every label —
// so the page, the CLI, the API and batch print the same words.
type MessagesAnswer struct {
	meta
	Format string            `json:"format"` // yibao.messages.v1
	ZH     map[string]string `json:"zh"`
	EN     map[string]string `json:"en"`
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	ans := MessagesAnswer{meta: s.meta(s.today()), Format: "yibao.messages.v1", ZH: map[string]string{}, EN: map[string]string{}}
	for k, t := range report.Catalogue() {
		ans.ZH[k], ans.EN[k] = t[0], t[1]
	}
	writeJSON(w, http.StatusOK, "application/json", ans)
}
