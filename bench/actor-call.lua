-- A call of the Cart actor's read method over the Dapr-compatible actor API (the path is given on the wrk command line).
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
