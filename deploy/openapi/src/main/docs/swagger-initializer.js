// Orchestra's API page: Swagger UI on the gateway's merged document, same origin.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // "Try it out" sends real requests: keep the token across reloads of the page only.
    persistAuthorization: false,
    // No call to the public validator service: the document stays with this gateway.
    validatorUrl: null
  });
};
