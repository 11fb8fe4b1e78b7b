package policy

import "go.yaml.in/yaml/v3"

// catalogueFile is data/catalogue.yaml: what each parameter means.
type catalogueFile struct {
	Params map[string]paramDefFile `json:"params"`
}

type paramDefFile struct {
	Unit   Unit     `json:"unit"`
	Values []string `json:"values,omitempty"`
	Local  bool     `json:"local,omitempty"`
	Label  i18n     `json:"label"`
	Doc    string   `json:"doc,omitempty"`
}

type i18n struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// regionFile is data/national.yaml or data/regions/<code>.yaml.
type regionFile struct {
	Region   string                 `json:"region"`
	Name     i18n                   `json:"name"`
	Level    string                 `json:"level"`
	AreaCode string                 `json:"area_code,omitempty"`
	Notes    string                 `json:"notes,omitempty"`
	Sources  []sourceFile           `json:"sources"`
	Params   map[string][]valueFile `json:"params"`
}

type sourceFile struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	DocNo      string `json:"doc_no,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	URL        string `json:"url,omitempty"`
	Published  string `json:"published,omitempty"`
	Confidence string `json:"confidence"`
	SeenVia    string `json:"seen_via,omitempty"`
	VerifiedOn string `json:"verified_on"`
}

type valueFile struct {
	Since      string    `json:"since"`
	Until      string    `json:"until,omitempty"`
	Value      yaml.Node `json:"value"`
	Source     string    `json:"source"`
	Article    string    `json:"article,omitempty"`
	Confidence string    `json:"confidence,omitempty"`
	ReviewBy   string    `json:"review_by"`
	Note       string    `json:"note,omitempty"`
}

type dateRangeFile struct {
	From string `json:"from"`
	To   string `json:"to"`
}
