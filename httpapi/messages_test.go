package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"yibao/report"
)

// TestProblemsReadable: every problem carries zh and en, the Chinese names
// the field in words and holds no path or English message.
func TestProblemsReadable(t *testing.T) {
	s := newServer(t, nil)
	for _, c := range []struct {
		body, path, zh, en string
		status             int
	}{
		{`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2026-05","to":"2025-01","scheme":"flexible","status":"paid"}]}`,
			"ledger[0].to", "第1行缴费记录的截止月：2025-01 早于起始月 2026-05", "ledger[0].to: to 2025-01 is before from 2026-05", 422},
		{`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"late"}]}`,
			"ledger[0].status", "第1行缴费记录的状态：\"late\" 不是可选的值：可选 paid, unpaid, none", "ledger[0].status: \"late\" is not allowed: want one of paid, unpaid, none", 400},
		{`{"region":"510500","as_of":"2026-09-10","person":{"birth":"2027-01-01"},"ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}]}`,
			"person.birth", "个人信息的出生日期：2027-01-01 晚于测算日期 2026-09-10", "person.birth: 2027-01-01 is after as_of 2026-09-10", 422},
		{`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-13","to":"2026-05","scheme":"flexible","status":"paid"}]}`,
			"ledger[0].from", "第1行缴费记录的起始月：“2024-13”的格式不对：应为年月，如 2025-03", "", 400},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", "/v1/assess", strings.NewReader(c.body)))
		var p struct {
			ZH, EN string
			Errors []struct {
				Path, ZH, EN string
				FieldZH      string `json:"field_zh"`
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || rec.Code != c.status {
			t.Fatalf("%s: %d %v %s", c.path, rec.Code, err, rec.Body)
		}
		if p.ZH == "" || p.EN == "" || len(p.Errors) != 1 {
			t.Fatalf("%s: %s", c.path, rec.Body)
		}
		e := p.Errors[0]
		if e.Path != c.path || e.ZH != c.zh || (c.en != "" && e.EN != c.en) || !strings.HasPrefix(c.zh, e.FieldZH+"：") {
			t.Errorf("%s: got path %q zh %q en %q field %q", c.path, e.Path, e.ZH, e.EN, e.FieldZH)
		}
	}
}

// TestMessagesServed: GET /v1/messages is the catalogue the CLI renders with.
func TestMessagesServed(t *testing.T) {
	s := newServer(t, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/messages", nil))
	var m struct {
		Format string
		ZH, EN map[string]string
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || rec.Code != http.StatusOK || m.Format != "yibao.messages.v1" {
		t.Fatalf("%d %v", rec.Code, err)
	}
	cat := report.Catalogue()
	if len(m.ZH) != len(cat) || len(m.EN) != len(cat) {
		t.Errorf("%d/%d texts served, the catalogue has %d", len(m.ZH), len(m.EN), len(cat))
	}
	for _, st := range []string{"covered", "not_covered", "waiting"} {
		if m.ZH["status."+st] != report.StatusText(st, report.ZH) || m.EN["status."+st] != report.StatusText(st, report.EN) {
			t.Errorf("status %s: served %q/%q", st, m.ZH["status."+st], m.EN["status."+st])
		}
	}
}
