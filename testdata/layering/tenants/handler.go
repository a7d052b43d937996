// Package tenants is a fixture for layering_test.go: each file breaks one
// rule on purpose. It lives under testdata, so the go tool never builds it.
package tenants

import "github.com/gin-gonic/gin"

var _ gin.HandlerFunc
