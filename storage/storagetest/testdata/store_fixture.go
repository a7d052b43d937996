// Package fixture is a store for the storagetest self-test.
package fixture

type store struct{}

func (s *store) read(tenant string) {}

func (s *store) write(tenant string) {}

func (store) sweep() {}

type other struct{}

func (o *other) ignored() {}
