"""The staff API at /api/v1 (JSON, a bearer key per client system), its OpenAPI document and the API-client keys."""
