"""Security headers on every response."""

from flask import Flask

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


BASE_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS_HEADER = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def init_app(app: Flask) -> None:
    wanted = BASE_HEADERS + ((HSTS_HEADER,) if app.config.get("HSTS") else ())

    @app.after_request
    def set_headers(response):
        """Each header unless the view set its own (one pass over the response's headers, not one per header)."""
        headers = response.headers
        present = {name.lower() for name, _ in headers.items()}
        headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
        if response.mimetype == "text/html" and "cache-control" not in present:
            headers.add("Cache-Control", "no-store")
        return response
