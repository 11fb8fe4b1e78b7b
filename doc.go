// Package yibao holds the domain vocabulary of the yibao continuity engine:
// months, calendar dates, money in fen, exact rates, insurance schemes,
// citations and the case (contribution ledger) a user submits.
//
// Glossary: 医保 basic medical insurance; 断缴 lapse; 补缴 back-payment;
// 待遇等待期 waiting period; 职工医保 employee insurance; 灵活就业 flexible
// worker; 城乡居民医保 residents' insurance; 累计 cumulative; 连续 continuous.
//
// Nothing in this package reads the clock, files or the network.
package yibao
