// Package quota holds the limits a tenant runs into: the caps of a plan
// (users, passkeys per user), the magic-link e-mail quota over a sliding
// 30-day window, and request rate limits. Counters live behind one Backend
// interface with an in-process implementation (a single instance, the
// embedded default) and a Redis one (any number of instances), so that the
// rules are written once and the same contract suite runs on both.
package quota
