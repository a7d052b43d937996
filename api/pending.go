package api

import (
	"errors"

	"github.com/gin-gonic/gin"
)

// errNotBuilt marks a route whose handler is not written yet: it answers
// 500 internal_error. Each stub goes when its handler lands.
var errNotBuilt = errors.New("handler not built yet")

func (s *server) registerToken(*gin.Context) error        { return errNotBuilt }
func (s *server) registerBegin(*gin.Context) error        { return errNotBuilt }
func (s *server) registerComplete(*gin.Context) error     { return errNotBuilt }
func (s *server) signinBegin(*gin.Context) error          { return errNotBuilt }
func (s *server) signinComplete(*gin.Context) error       { return errNotBuilt }
func (s *server) signinVerify(*gin.Context) error         { return errNotBuilt }
func (s *server) signinGenerateToken(*gin.Context) error  { return errNotBuilt }
func (s *server) setAliases(*gin.Context) error           { return errNotBuilt }
func (s *server) listAliases(*gin.Context) error          { return errNotBuilt }
func (s *server) listCredentials(*gin.Context) error      { return errNotBuilt }
func (s *server) deleteCredential(*gin.Context) error     { return errNotBuilt }
func (s *server) listUsers(*gin.Context) error            { return errNotBuilt }
func (s *server) countUsers(*gin.Context) error           { return errNotBuilt }
func (s *server) deleteUser(*gin.Context) error           { return errNotBuilt }
func (s *server) listAuthConfigs(*gin.Context) error      { return errNotBuilt }
func (s *server) addAuthConfig(*gin.Context) error        { return errNotBuilt }
func (s *server) updateAuthConfig(*gin.Context) error     { return errNotBuilt }
func (s *server) deleteAuthConfig(*gin.Context) error     { return errNotBuilt }
func (s *server) sendMagicLink(*gin.Context) error        { return errNotBuilt }
func (s *server) setAppFeatures(*gin.Context) error       { return errNotBuilt }
func (s *server) listAuthenticators(*gin.Context) error   { return errNotBuilt }
func (s *server) addAuthenticators(*gin.Context) error    { return errNotBuilt }
func (s *server) removeAuthenticators(*gin.Context) error { return errNotBuilt }
func (s *server) listEvents(*gin.Context) error           { return errNotBuilt }
func (s *server) credentialsReport(*gin.Context) error    { return errNotBuilt }
func (s *server) activeUsersReport(*gin.Context) error    { return errNotBuilt }
func (s *server) mdsAttestationTypes(*gin.Context) error  { return errNotBuilt }
func (s *server) mdsCertificationStatuses(*gin.Context) error {
	return errNotBuilt
}
func (s *server) mdsEntries(*gin.Context) error { return errNotBuilt }
