-- A binary-mode CloudEvent for the greet function, as Knative's broker delivers it.
wrk.method = "POST"
wrk.body = '{"name":"Ada"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["ce-specversion"] = "1.0"
wrk.headers["ce-id"] = "bench-1"
wrk.headers["ce-type"] = "greet"
wrk.headers["ce-source"] = "/bench"
