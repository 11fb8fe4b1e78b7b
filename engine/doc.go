// Package engine is yibao's pure rules engine: a case (ledger, region, as-of
// date) and a policy snapshot in, an Assessment out — a month-by-month
// timeline, lapses, counters, a back-pay quote, residents' waiting periods,
// bill coverage, and reasons that name every parameter they used with its
// value, region level and citation.
//
// The engine does no I/O, reads no clock and keeps no global state: the same
// case and snapshot always give the same Assessment. Text is rendered from
// reason codes elsewhere (package report).
package engine
