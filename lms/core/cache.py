"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache
call, and redis-py 8 fills a table of about 170 response callbacks for each new object: about
0.25 ms of CPU per call on the reference machine, more than the Redis round trip itself. A
signed-in lesson page makes about ten cache calls (docs/performance.md), so that was a quarter
of its CPU time. A ``redis.Redis`` object is safe to share (it takes a connection from its pool
per command), so one per pool is kept. Everything else is Django's backend unchanged.

Settings: ``CACHES["default"]["BACKEND"] = "lms.core.cache.RedisCache"`` (lms/settings/base.py
sets it whenever ``CACHE_URL`` is given).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
