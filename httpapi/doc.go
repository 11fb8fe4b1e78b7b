// Package httpapi is the JSON API of yibao (yibao serve) and serves the
// embedded web page.
//
// It is an adapter: bytes in (a case as JSON or YAML, query parameters),
// validated domain values to the engine, the report.Build answer out. It
// keeps nothing between requests and logs no personal data: the access log
// has the method, the route pattern, the status, the duration and the size.
//
// Routes (docs/api.md; the OpenAPI 3.1 document at GET /v1/openapi.json is
// kept true by the contract test):
//
//	POST /v1/assess                       assess a case (the yibao assess --json answer)
//	GET  /v1/regions?q=                   search the GB/T 2260 registry
//	GET  /v1/regions/{code}/parameters    every catalogue parameter in force on as_of
//	GET  /v1/parameters/{id}?region=      one parameter's dated history along the chain
//	GET  /v1/version                      engine version and policy snapshot hash
//	GET  /v1/openapi.json                 the OpenAPI document
//	POST /v1/plan, GET /v1/contrib        only when Config.Plan / Config.Contrib are set
//
// Every response, errors included, carries the headers Yibao-Engine,
// Yibao-Policy and Yibao-As-Of, and JSON bodies carry the same values as
// engine_version, policy_snapshot and as_of. Errors are RFC 9457
// application/problem+json with every problem listed under errors.
package httpapi
