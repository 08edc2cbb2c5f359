"""Page weight as a learner's first load sees it: HTML plus local CSS and JS, uncompressed."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024


def page_weight(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = response.content
    total = len(html)
    for url in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        found = finders.find(url.decode().removeprefix(settings.STATIC_URL))
        assert found, url
        with open(found, "rb") as handle:
            total += len(handle.read())
    return total
