"""Parse e-mails with Python's email package (an independent MIME reader): print one JSON
object per message and save its attachments into OUTDIR/<n>/.

usage: mail_check.py OUTDIR MESSAGE.eml...
"""
import email
import email.policy
import json
import os
import sys

outdir = sys.argv[1]
for n, path in enumerate(sys.argv[2:]):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    folder = os.path.join(outdir, str(n))
    os.makedirs(folder, exist_ok=True)
    attachments = []
    defects = [str(d) for d in msg.defects]
    for part in msg.walk():
        defects += [str(d) for d in part.defects]
        if part.get_content_disposition() == "attachment":
            name = part.get_filename()
            data = part.get_payload(decode=True)
            with open(os.path.join(folder, name), "wb") as out:
                out.write(data)
            attachments.append({"name": name, "type": part.get_content_type(), "size": len(data)})
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    print(
        json.dumps(
            {
                "to": [str(a) for a in msg["To"].addresses],
                "from": str(msg["From"]),
                "subject": str(msg["Subject"]),
                "type": msg.get_content_type(),
                "defects": defects,
                "attachments": attachments,
                "text": text.get_content() if text else None,
                "html": html.get_content() if html else None,
                "folder": folder,
            }
        )
    )
