package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

// valuesChunk is how much of a list answer is gathered before it is
// written: a page of /users/list?limit=100 (~10 kB) goes out in one write
// with a Content-Length, where net/http's 4 kB buffer would have made it
// three chunked writes (a syscall each: a tenth of the route's CPU); a
// larger answer streams in chunks of this size instead of being held
// whole.
const valuesChunk = 64 << 10

var valuesBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// valuesBuffer is an empty buffer from the pool; release returns it.
func valuesBuffer() (buf *bytes.Buffer, release func()) {
	buf = valuesBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	return buf, func() {
		if buf.Cap() <= 2*valuesChunk { // keep only buffers of the usual size
			valuesBuffers.Put(buf)
		}
	}
}

// writeValues answers 200 {"values":[…]} with view of each item (upstream's
// shape for every list), encoded item by item. A view cannot fail to
// encode (strings, numbers, times), so nothing can go wrong once the
// answer has started.
func writeValues[T, V any](c *gin.Context, items []T, view func(T) V) {
	buf, release := valuesBuffer()
	defer release()
	c.Header("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(buf)
	streaming := false
	buf.WriteString(`{"values":[`)
	for i, it := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		_ = enc.Encode(view(it)) // its trailing newline is JSON whitespace
		if buf.Len() >= valuesChunk {
			if !streaming {
				c.Status(http.StatusOK)
				streaming = true
			}
			_, _ = c.Writer.Write(buf.Bytes())
			buf.Reset()
		}
	}
	buf.WriteString("]}")
	if !streaming {
		c.Header("Content-Length", strconv.Itoa(buf.Len()))
		c.Status(http.StatusOK)
	}
	_, _ = c.Writer.Write(buf.Bytes())
}

// writeRawValues answers 200 {"values":array} with an array already
// encoded (a page of /users/list, rendered by the database), in one write
// with a Content-Length like writeValues.
func writeRawValues(c *gin.Context, array json.RawMessage) {
	buf, release := valuesBuffer()
	defer release()
	buf.WriteString(`{"values":`)
	buf.Write(array)
	buf.WriteByte('}')
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Header("Content-Length", strconv.Itoa(buf.Len()))
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write(buf.Bytes())
}
