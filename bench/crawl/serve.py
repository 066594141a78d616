#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1:PORT with keep-alive and a listen backlog big enough for a crawler
(python -m http.server's backlog of 5 resets connections under a few parallel clients).
Every answer carries a "LinkChecker" header: that is how a site owner lets linkchecker exceed its default of
10 requests per second per host (which it spaces 0.1-0.6 s apart, about 3 a second); the scanner has no such
limit by default, so without it the comparison would measure linkchecker's politeness, not its speed."""
import functools, http.server, sys

class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True

class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def end_headers(self):
        self.send_header("LinkChecker", "allow")
        super().end_headers()

Server(("127.0.0.1", int(sys.argv[1])), functools.partial(Handler, directory=sys.argv[2])).serve_forever()
