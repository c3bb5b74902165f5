-- A binary-mode CloudEvent for a function of the invocation caller (bench/invoke-load.sh), paced: each connection
-- waits PACE_MS between requests, so CONNECTIONS / PACE_MS * 1000 requests a second at most (an open-ish load at a
-- fixed rate rather than as fast as the server answers). FUNCTION names the caller's function.
wrk.method = "POST"
wrk.body = '{"name":"Ada"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["ce-specversion"] = "1.0"
wrk.headers["ce-id"] = "bench-1"
wrk.headers["ce-type"] = os.getenv("FUNCTION") or "viaInvoker"
wrk.headers["ce-source"] = "/bench"
local pace = tonumber(os.getenv("PACE_MS") or "0")
function delay()
  return pace
end
