// Package magiclink sends magic links: e-mails holding a link with a
// verify_ token of type magic_link, which the customer's backend checks
// with /signin/verify like any other sign-in. It validates the request as
// upstream does, applies the feature flag and the e-mail quota, and hands
// the message to a mail.Mailer (package mail: SMTP when configured,
// otherwise an outbox directory for development).
package magiclink
