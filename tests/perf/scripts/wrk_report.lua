-- Prints machine-readable results at the end of a wrk run: requests/s, latency percentiles
-- (milliseconds) and the count of non-2xx/3xx responses and socket errors (of which timeouts:
-- no answer within wrk's 2-s default).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f errors=%d non2xx=%d"
      .. " timeouts=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors, summary.errors.status,
    summary.errors.timeout))
end
