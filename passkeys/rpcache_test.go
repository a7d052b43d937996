package passkeys

import (
	"fmt"
	"testing"
)

// TestRPCache_BuildsEachRelyingPartyOnce: a pair is built once and reused,
// each origin has its own configuration, an invalid RP id is refused every
// time and never stored, and the cache stays within its bound.
func TestRPCache_BuildsEachRelyingPartyOnce(t *testing.T) {
	c := newRPCache()
	a, err := c.get("example.com", "https://example.com")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.get("example.com", "https://example.com"); again != a {
		t.Error("the same relying party was built twice")
	}
	other, _ := c.get("example.com", "https://login.example.com")
	if other == a || other.Config.RPOrigins[0] != "https://login.example.com" {
		t.Errorf("another origin shares a configuration: %v", other.Config.RPOrigins)
	}
	for range 2 {
		if _, err := c.get("not a domain", "https://example.com"); err == nil {
			t.Fatal("an invalid RP id was accepted")
		}
	}
	for i := range maxRPConfigs + 5 {
		if _, err := c.get("example.com", fmt.Sprintf("https://s%d.example.com", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.entries); n > maxRPConfigs {
		t.Errorf("cache holds %d entries, bound is %d", n, maxRPConfigs)
	}
}
