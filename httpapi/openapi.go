package httpapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	"yibao"
	"yibao/internal/strictyaml"
)

// The OpenAPI document is written by hand (openapi.json); the Case schema is
// generated from the Go types at start-up, as schema/case.schema.json is.
// The plan and contrib path items are added only when those routes are wired.
var (
	//go:embed openapi.json
	openapiBase []byte
	//go:embed openapi_plan.json
	openapiPlan []byte
	//go:embed openapi_contrib.json
	openapiContrib []byte
)

func (s *Server) buildOpenAPI() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiBase, &doc); err != nil {
		return nil, fmt.Errorf("httpapi: openapi.json: %w", err)
	}
	cs := strictyaml.Schema(yibao.Case{}, "", "yibao case (参保记录)")
	delete(cs, "$schema")
	delete(cs, "$id")
	cs["description"] = "the case: docs/case-format.md (schema/case.schema.json)"
	doc["components"].(map[string]any)["schemas"].(map[string]any)["Case"] = cs
	paths := doc["paths"].(map[string]any)
	add := func(path string, custom, def []byte) error {
		spec := custom
		if len(spec) == 0 {
			spec = def
		}
		var item map[string]any
		if err := json.Unmarshal(spec, &item); err != nil {
			return fmt.Errorf("httpapi: OpenAPI path item for %s: %w", path, err)
		}
		paths[path] = item
		return nil
	}
	if s.cfg.Plan != nil {
		if err := add("/v1/plan", s.cfg.PlanSpec, openapiPlan); err != nil {
			return nil, err
		}
	}
	if s.cfg.Contrib != nil {
		if err := add("/v1/contrib", s.cfg.ContribSpec, openapiContrib); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-cache")
	w.Write(s.openapi)
}
