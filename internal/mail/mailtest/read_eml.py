"""Reads an .eml file with Python's standard email package, a MIME parser
independent of Go's, and prints what a mail client would show as JSON:
headers (decoded), each part's type and charset, the decoded bodies, and
each attachment's name and SHA-256."""
import email
import email.policy
import hashlib
import json
import sys

with open(sys.argv[1], "rb") as f:
    raw = f.read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
out = {
    "defects": [str(d) for d in msg.defects],
    "headers": {k: str(v) for k, v in msg.items()},
    "content_type": msg.get_content_type(),
    "parts": [],
    "attachments": [],
}
body = msg.get_body(preferencelist=("plain",))
out["text"] = body.get_content() if body is not None else None
html = msg.get_body(preferencelist=("html",))
out["html"] = html.get_content() if html is not None else None
for part in msg.walk():
    out["parts"].append({"type": part.get_content_type(), "charset": part.get_content_charset(), "defects": [str(d) for d in part.defects]})
for att in msg.iter_attachments():
    data = att.get_payload(decode=True)
    out["attachments"].append({"name": att.get_filename(), "type": att.get_content_type(), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
json.dump(out, sys.stdout)
