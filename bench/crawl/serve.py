#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1:PORT with keep-alive and a listen backlog big enough for a crawler
(python -m http.server's backlog of 5 resets connections under a few parallel clients)."""
import functools, http.server, sys

class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True

class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass

Server(("127.0.0.1", int(sys.argv[1])), functools.partial(Handler, directory=sys.argv[2])).serve_forever()
