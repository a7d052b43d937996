package api_test

import (
	"encoding/json"
	"testing"

	"passwordless/api/apitest"
)

// TestSigninBegin_UnknownAliasLooksLikeAKnownOne is issue 16 repro 13:
// /signin/begin answered an unknown alias with an empty allowCredentials,
// so aliases could be enumerated with the public key. An unknown alias now
// gets one credential id derived from a server secret: the same on every
// call, different per alias, of a real id's shape.
func TestSigninBegin_UnknownAliasLooksLikeAKnownOne(t *testing.T) {
	h := apitest.New(t, apitest.Options{})
	b := newBrowser(t, h, "decoys")
	b.register(t, "user-1", map[string]any{"aliases": []string{"known@x"}})
	allowed := func(alias string) []string {
		var o struct{ AllowCredentials []struct{ Type, ID string } }
		if err := json.Unmarshal(b.beginSignin(t, map[string]any{"alias": alias}).Data, &o); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range o.AllowCredentials {
			if d.Type != "public-key" || d.ID == "" {
				t.Errorf("descriptor %+v", d)
			}
			ids = append(ids, d.ID)
		}
		return ids
	}
	known, unknown, again, other := allowed("known@x"), allowed("nobody@x"), allowed("nobody@x"), allowed("else@x")
	if len(known) != 1 || len(unknown) != 1 || len(other) != 1 {
		t.Fatalf("allowCredentials known %v unknown %v other %v, want one id each", known, unknown, other)
	}
	if unknown[0] != again[0] || unknown[0] == other[0] || unknown[0] == known[0] {
		t.Errorf("decoys %v %v %v: want stable per alias and distinct", unknown, again, other)
	}
	// The decoy is held by no authenticator: the browser cannot sign in.
	bg := b.beginSignin(t, map[string]any{"alias": "nobody@x"})
	if _, _, err := b.auth.Get(bg.Data, testOrigin); err == nil {
		t.Error("an authenticator answered for a decoy credential")
	}
}
