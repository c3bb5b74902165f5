#!/usr/bin/env python3
"""A stand-in OTLP/HTTP collector for the load benchmark: accepts every export (200, empty protobuf response) and
counts the requests, so the application under test exports its spans as it would to a real collector."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    exports = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Sink.exports += 1
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink)
    try:
        server.serve_forever()
    finally:
        print(f"exports received: {Sink.exports}", flush=True)
