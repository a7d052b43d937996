package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"passwordless/webhooks"
)

type webhookView struct {
	ID                      string     `json:"id"`
	URL                     string     `json:"url"`
	Description             string     `json:"description"`
	Events                  []string   `json:"events"`
	CreatedAt               time.Time  `json:"createdAt"`
	PreviousSecretExpiresAt *time.Time `json:"previousSecretExpiresAt"`
	FailingSince            *time.Time `json:"failingSince"`
	DisabledAt              *time.Time `json:"disabledAt"`
}

type webhookDeliveryView struct {
	ID             string     `json:"id"`
	EventType      string     `json:"eventType"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	CreatedAt      time.Time  `json:"createdAt"`
	NextAttemptAt  *time.Time `json:"nextAttemptAt"`
	LastAttemptAt  *time.Time `json:"lastAttemptAt"`
	LastStatusCode int        `json:"lastStatusCode"`
	LatencyMs      int64      `json:"latencyMs"`
	Error          string     `json:"error"`
}

type webhookIDRequest struct {
	ID string `json:"id"`
}

// addWebhook handles POST /webhooks/add: 201 with the id and the secret,
// which is never shown again.
func (s *server) addWebhook(c *gin.Context) error {
	var req webhooks.AddRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	made, err := s.deps.Webhooks.Add(c.Request.Context(), appOf(c).ID, req)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"id": made.ID, "secret": made.Secret})
	return nil
}

// listWebhooks handles GET /webhooks/list.
func (s *server) listWebhooks(c *gin.Context) error {
	list, err := s.deps.Webhooks.List(c.Request.Context(), appOf(c).ID)
	if err != nil {
		return err
	}
	out := make([]webhookView, len(list))
	for i, e := range list {
		out[i] = webhookView{ID: e.ID, URL: e.URL, Description: e.Description, Events: e.Events,
			CreatedAt: e.CreatedAt, PreviousSecretExpiresAt: e.PreviousSecretUntil, FailingSince: e.FailingSince,
			DisabledAt: e.DisabledAt}
	}
	c.JSON(http.StatusOK, gin.H{"endpoints": out})
	return nil
}

// deleteWebhook handles POST /webhooks/delete.
func (s *server) deleteWebhook(c *gin.Context) error { return s.onWebhook(c, s.deps.Webhooks.Delete) }

// enableWebhook handles POST /webhooks/enable.
func (s *server) enableWebhook(c *gin.Context) error { return s.onWebhook(c, s.deps.Webhooks.Enable) }

// onWebhook decodes {"id"}, runs op on that endpoint of the caller's
// application and answers 204.
func (s *server) onWebhook(c *gin.Context, op func(ctx context.Context, tenant, id string) error) error {
	var req webhookIDRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := op(c.Request.Context(), appOf(c).ID, req.ID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// rotateWebhookSecret handles POST /webhooks/rotate-secret.
func (s *server) rotateWebhookSecret(c *gin.Context) error {
	var req webhookIDRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	secret, err := s.deps.Webhooks.RotateSecret(c.Request.Context(), appOf(c).ID, req.ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"secret": secret})
	return nil
}

// listWebhookDeliveries handles GET /webhooks/deliveries?id=.
func (s *server) listWebhookDeliveries(c *gin.Context) error {
	id, _ := query(c, "id")
	list, err := s.deps.Webhooks.Deliveries(c.Request.Context(), appOf(c).ID, id)
	if err != nil {
		return err
	}
	out := make([]webhookDeliveryView, len(list))
	for i, d := range list {
		out[i] = webhookDeliveryView{ID: d.ID, EventType: d.EventType, Status: d.Status, Attempts: d.Attempts,
			CreatedAt: d.CreatedAt, NextAttemptAt: d.NextAttemptAt, LastAttemptAt: d.LastAttemptAt,
			LastStatusCode: d.LastStatusCode, LatencyMs: d.LastLatency.Milliseconds(), Error: d.LastError}
	}
	c.JSON(http.StatusOK, gin.H{"deliveries": out})
	return nil
}

// redeliverWebhook handles POST /webhooks/redeliver.
func (s *server) redeliverWebhook(c *gin.Context) error {
	var req struct {
		DeliveryID string `json:"deliveryId"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.deps.Webhooks.Redeliver(c.Request.Context(), appOf(c).ID, req.DeliveryID); err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}

// testWebhook handles POST /webhooks/test: a webhook.test message is
// queued; 202 with its delivery id.
func (s *server) testWebhook(c *gin.Context) error {
	var req webhookIDRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	id, err := s.deps.Webhooks.SendTest(c.Request.Context(), appOf(c).ID, req.ID)
	if err != nil {
		return err
	}
	c.JSON(http.StatusAccepted, gin.H{"deliveryId": id})
	return nil
}
