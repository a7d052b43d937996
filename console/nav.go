package console

import (
	"html/template"
	"strings"

	"passwordless/tenants"
)

// The navigation marks where the admin is (aria-current): "page" on the
// link of the page itself, "true" on the link of the section it is in.
func init() {
	funcs["section"] = func(path, href string) template.HTMLAttr { return ariaCurrent(path, href, true) }
	funcs["current"] = func(path, href string) template.HTMLAttr {
		// An application's keys page is its base path: its sub-pages have
		// their own links.
		return ariaCurrent(path, href, strings.Count(href, "/") > 3)
	}
	funcs["appnav"] = func(app *tenants.App, path string) appNav { return appNav{App: app, Path: path} }
}

// appNav is what the application navigation needs: the application and
// the path of the page.
type appNav struct {
	*tenants.App
	Path string
}

func ariaCurrent(path, href string, withSubpages bool) template.HTMLAttr {
	switch {
	case path == href:
		return ` aria-current="page"`
	case withSubpages && strings.HasPrefix(path, href+"/"):
		return ` aria-current="true"`
	}
	return ""
}
