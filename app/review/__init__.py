"""The review desk at `/review`: a page where editors turn draft claims into verified ones.

The page is a shell rendered here; everything it shows or changes goes through the public API
from the browser, with the editor's key in an `Authorization` header (no cookies, so no CSRF).
"""
