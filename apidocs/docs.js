// Starts Swagger UI on the document this server serves. It is a file of its
// own, not an inline script, so the page works under a CSP without
// 'unsafe-inline' for scripts. validatorUrl is off: the default would send
// the document to validator.swagger.io.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
