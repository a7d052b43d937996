package console

// SetUsersPerPage sets the users list's page length for a test and
// returns a function that restores it.
func SetUsersPerPage(n int) (restore func()) {
	old := usersPerPage
	usersPerPage = n
	return func() { usersPerPage = old }
}

// Routes are the patterns of every route of c.
func Routes(c *Console) []string { return c.patterns }
