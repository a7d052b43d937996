package diagnostics

import "passwordless/problems"

// round8Texts are the known texts of the reports gathered from help pages,
// blogs and forums in round corpus8 (testdata/corpus_stop27g.json),
// appended to knownTexts so that the tables grow without touching each
// other's rows.
var round8Texts = []knownTextRow{
	// Android's and Apple's sheets with no passkey for the site, as users
	// quote them without the site's name ("there aren't any passkeys on
	// this device"): the same answer as "There aren't any passkeys for
	// example.com on this device.".
	{text: "aren't any passkeys", code: problems.PasskeyNoCredentials},
	{text: "aren’t any passkeys", code: problems.PasskeyNoCredentials},
}

func init() {
	knownTexts = append(knownTexts, round8Texts...)
}
