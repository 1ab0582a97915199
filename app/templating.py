"""One Jinja2 environment for every server-rendered page: the embed pages and the review desk.

Both extend `layout.html` (the page skeleton: language, viewport, colour scheme, stylesheets,
deferred scripts), so a change to what every page's head needs is made once. Templates are
package data, read once: no stat() per render.
"""

from pathlib import Path

from fastapi.templating import Jinja2Templates

APP = Path(__file__).parent
DIRECTORIES = (APP / "templates", APP / "embed" / "templates", APP / "review" / "templates")

templates = Jinja2Templates(directory=DIRECTORIES)
templates.env.auto_reload = False
