package tenants

import (
	"gorm.io/gorm"

	"passwordless/api"
)

var _ *gorm.DB
var _ = api.NewRouter
