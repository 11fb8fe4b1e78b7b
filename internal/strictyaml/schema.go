package strictyaml

import "reflect"

// Schema returns a JSON Schema (draft 2020-12) for the struct type of v,
// from the same `json` tags Decode reads and the `doc` tags as descriptions.
func Schema(v any, id, title string) map[string]any {
	s := schemaOf(reflect.TypeOf(v))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = id
	s["title"] = title
	return s
}

func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		switch t.Name() {
		case "Month":
			return map[string]any{"type": "string", "pattern": `^(19|20|21)\d{2}-(0[1-9]|1[0-2])$`}
		case "Date":
			return map[string]any{"type": "string", "pattern": `^(19|20|21)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`}
		}
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Struct:
		props := map[string]any{}
		var req []string
		for _, fi := range Fields(t) {
			f := t.Field(fi.Index)
			p := schemaOf(f.Type)
			if d := f.Tag.Get("doc"); d != "" {
				p["description"] = d
			}
			if fi.MaxItems > 0 {
				p["maxItems"] = fi.MaxItems
			}
			if fi.Digits {
				p["type"] = []string{"string", "integer"}
			}
			if f.Type.Kind() == reflect.Pointer {
				// an optional part may be written as null: the decoder reads it as absent
				if ty, ok := p["type"].(string); ok {
					p["type"] = []string{ty, "null"}
				}
			}
			props[fi.Name] = p
			if fi.Required {
				req = append(req, fi.Name)
			}
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(req) > 0 {
			s["required"] = req
		}
		return s
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.String:
		if e, ok := reflect.Zero(t).Interface().(Enum); ok {
			return map[string]any{"type": "string", "enum": e.Enum()}
		}
		return map[string]any{"type": "string"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	}
	return map[string]any{}
}
