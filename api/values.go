package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// writeValues answers 200 {"values":[…]} with view of each item, encoded
// item by item into the response (upstream's shape for every list): a
// large answer streams instead of being marshalled whole first. A view
// cannot fail to encode (strings, numbers, times), so nothing can go wrong
// once the answer has started.
func writeValues[T, V any](c *gin.Context, items []T, view func(T) V) {
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Status(http.StatusOK)
	w := c.Writer // net/http buffers it (4 kB) and sends a larger answer chunked
	enc := json.NewEncoder(w)
	_, _ = w.WriteString(`{"values":[`)
	for i, it := range items {
		if i > 0 {
			_, _ = w.WriteString(",")
		}
		_ = enc.Encode(view(it)) // its trailing newline is JSON whitespace
	}
	_, _ = w.WriteString("]}")
}
