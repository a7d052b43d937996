package quota

// Cap is an optional upper bound on a count, such as a plan's maximum
// number of users or an application's maximum passkeys per user. A nil Max
// means no limit, which is what upstream's nullable MaxUsers means.
type Cap struct {
	Max *int64
}

// Limit returns a Cap of n.
func Limit(n int64) Cap { return Cap{Max: &n} }

// Reached reports whether used has reached the cap, so that one more is
// refused: with Max 5, four used leaves room and five does not.
func (c Cap) Reached(used int64) bool {
	return c.Max != nil && used >= *c.Max
}
