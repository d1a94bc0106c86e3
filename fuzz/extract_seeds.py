#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target (corpus/<target>/) from the
torture messages (corpus/torture/rfc4475, rfc5118) and the example messages of
RFC 3261 section 24, plus a few hand-written values for what those lack.

    fuzz/extract_seeds.py [--rfc /work/shared/rfc/rfc3261.txt]

Deterministic: re-running it rewrites the same files. Input formats must match
the harnesses (fuzz/README.md "Input formats"):
  message, roundtrip   one whole message
  stream               4 control bytes (split-point seed), then a byte stream
  startline            one start line without CRLF
  uri                  one URI
  via                  one Via header value
  nameaddr, scalar,    1 selector byte (index into the target's headers in
  auth                 SIP_HEADERS order, see fuzz_hdr.h), then the value
  sdp                  one SDP body
  multipart            the boundary, LF, then the body
Files the fuzzers add later (named by their SHA-1) are left alone; the files
this script writes all start with "s-".
"""
import argparse
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
HDR_H = os.path.join(ROOT, "reference-stack", "include", "sipref", "hdr.h")
TARGETS = ["message", "stream", "roundtrip", "startline", "uri", "via", "nameaddr",
           "scalar", "auth", "sdp", "multipart"]
PER_TARGET_MAX = 400


def load_headers():
    """SIP_HEADERS of hdr.h: [(ID, name, compact, member)] in table order."""
    text = open(HDR_H, encoding="ascii").read()
    rows = re.findall(r'X\((\w+), "([^"]+)", (0|\'\w\'), (\w+)\)', text)
    return [(i, n, (c.strip("'") if c != "0" else None), m) for i, n, c, m in rows]


HEADERS = load_headers()
BY_NAME = {}
for _id, _name, _compact, _member in HEADERS:
    BY_NAME[_name.lower()] = (_id, _name, _member)
    if _compact:
        BY_NAME[_compact.lower()] = (_id, _name, _member)

# The selector tables of fuzz_nameaddr.c, fuzz_auth.c, fuzz_scalar.c.
SEL = {
    "nameaddr": [h[0] for h in HEADERS if h[3] == "na"],
    "auth": [h[0] for h in HEADERS if h[3] == "auth"],
    "scalar": [h[0] for h in HEADERS if h[3] not in ("via", "na", "auth")],
}

SDP = (b"v=0\r\n"
       b"o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.com\r\n"
       b"s=-\r\n"
       b"c=IN IP4 192.0.2.101\r\n"
       b"t=0 0\r\n"
       b"m=audio 49172 RTP/AVP 0\r\n"
       b"a=rtpmap:0 PCMU/8000\r\n")


def rfc_examples(path):
    """The messages of RFC 3261 section 24, CRLF line ends, bodies filled in."""
    lines = open(path, encoding="ascii", errors="replace").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("24 Examples"))
    end = next(i for i, l in enumerate(lines) if l.startswith("25  Augmented BNF"))
    sec = lines[start:end]
    # Drop page breaks: footer, form feed, header and the blank lines around.
    clean = []
    i = 0
    while i < len(sec):
        if sec[i].startswith("Rosenberg, et. al."):
            while clean and not clean[-1].strip():
                clean.pop()
            i += 1
            while i < len(sec) and (not sec[i].strip() or sec[i].startswith("\f")
                                    or sec[i].startswith("RFC 3261 ")):
                i += 1
            continue
        clean.append(sec[i])
        i += 1
    startre = re.compile(r"^( *)((?:[A-Z]+ sip:\S+ SIP/2\.0)|(?:SIP/2\.0 \d{3} .*))$")
    hdrre = re.compile(r"^[A-Za-z-]+ *:")
    msgs = []
    i = 0
    while i < len(clean):
        m = startre.match(clean[i])
        if not m:
            i += 1
            continue
        ind = len(m.group(1))
        out = [clean[i][ind:]]
        i += 1
        while i < len(clean):
            l = clean[i]
            if not l.strip():
                break
            body = l[ind:] if l[:ind].strip() == "" else l.lstrip()
            if hdrre.match(body) or body.startswith((" ", "\t")):
                out.append(body.rstrip())
                i += 1
            else:
                break
        text = "\r\n".join(out) + "\r\n\r\n"
        raw = text.encode("ascii")
        if re.search(r"Content-Length: *[1-9]", text):
            raw = re.sub(rb"Content-Length: *\d+", b"Content-Length: %d" % len(SDP), raw)
            raw += SDP
        msgs.append(raw)
    return msgs


def split_msg(raw):
    """(start line, [(name, value)], body); values trimmed, folding kept."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    lines = re.split(rb"\r?\n(?![ \t])", head)
    hdrs = []
    for l in lines[1:]:
        name, colon, val = l.partition(b":")
        if colon:
            hdrs.append((name.strip().decode("latin-1"), val.strip(b" \t\r\n")))
    return lines[0], hdrs, body


def add(seeds, target, data, tag):
    if len(seeds[target]) < PER_TARGET_MAX and data not in seeds[target].values():
        seeds[target]["s-%s-%s" % (tag, hashlib.sha1(data).hexdigest()[:10])] = data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rfc", default="/work/shared/rfc/rfc3261.txt")
    args = ap.parse_args()

    msgs = []
    for d in ("rfc4475", "rfc5118"):
        dd = os.path.join(CORPUS, "torture", d)
        for f in sorted(os.listdir(dd)):
            if f != "EXPECTED.md":
                msgs.append((os.path.splitext(f)[0], open(os.path.join(dd, f), "rb").read()))
    for n, raw in enumerate(rfc_examples(args.rfc)):
        msgs.append(("rfc3261-24-%02d" % (n + 1), raw))

    seeds = {t: {} for t in TARGETS}
    for idx, (tag, raw) in enumerate(msgs):
        add(seeds, "message", raw, tag)
        add(seeds, "roundtrip", raw, tag)
        add(seeds, "stream", struct.pack("<I", 0x9E3779B9 * (idx + 1) & 0xFFFFFFFF) + raw, tag)
        start, hdrs, body = split_msg(raw)
        add(seeds, "startline", start, tag)
        parts = start.split(b" ")
        if not start.startswith(b"SIP/") and len(parts) >= 2:
            add(seeds, "uri", parts[1], tag)
        ctype = b""
        for name, val in hdrs:
            h = BY_NAME.get(name.lower())
            if not h:
                continue
            hid, hname, member = h
            if hid == "CONTENT_TYPE":
                ctype = val
            for uri in re.findall(rb"<([^<>]*)>", val):
                add(seeds, "uri", uri, tag)
            if member == "via":
                add(seeds, "via", val, tag)
            else:
                t = {"na": "nameaddr", "auth": "auth"}.get(member, "scalar")
                add(seeds, t, bytes([SEL[t].index(hid)]) + val, tag)
        if ctype.lower().startswith(b"application/sdp") and body:
            add(seeds, "sdp", body, tag)
        m = re.search(rb'boundary="?([^";\s]+)"?', ctype, re.I)
        if ctype.lower().startswith(b"multipart/") and m:
            add(seeds, "multipart", m.group(1) + b"\n" + body, tag)

    # A session over one connection: every RFC example back to back, with
    # RFC 5626 keep-alives (CRLFCRLF ping, CRLF pong) in between.
    flow = b"\r\n\r\n".join(raw for tag, raw in msgs if tag.startswith("rfc3261")) + b"\r\n"
    for ctl in (1, 0x10, 0x23, 0x70):
        add(seeds, "stream", struct.pack("<I", ctl) + flow, "flow%x" % ctl)

    for u in [b"sip:alice@atlanta.com", b"sips:bob:secret@[2001:db8::10]:5061;transport=tls",
              b"sip:+1-212-555-1212:1234@gateway.com;user=phone",
              b"sip:alice;day=tuesday@atlanta.com?subject=project%20x&priority=urgent",
              b"sip:%61lice@atlanta.com;maddr=239.255.255.1;ttl=15;lr",
              b"tel:+1-201-555-0123;ext=1234", b"tel:7042;phone-context=example.com",
              b"mailto:watson@bell-telephone.com", b"http://www.example.com/alice/photo.jpg",
              b"urn:service:sos", b"sip:[::ffff:192.0.2.1]", b"SIP:Alice@AtLanTa.CoM;Transport=Tcp"]:
        add(seeds, "uri", u, "hand")
    for v in [b"SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111;rport",
              b"SIP/2.0/TCP client.atlanta.com:5060;branch=z9hG4bK74b76;received=192.0.2.201"
              b", SIP/2.0/SCTP p.example.com;maddr=224.2.0.1;ttl=16;branch=z9hG4bKx"]:
        add(seeds, "via", v, "hand")
    hand = {
        "nameaddr": [("CONTACT", b"*"),
                     ("CONTACT", b"\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>"
                      b";q=0.7; expires=3600, <mailto:watson@bell-telephone.com>;q=0.1"),
                     ("ROUTE", b"<sip:p1.example.com;lr>,<sip:p2.domain.com;lr>"),
                     ("TO", b"sip:+12125551212@server.phone2net.com;tag=287447")],
        "auth": [("WWW_AUTHENTICATE", b'Digest realm="atlanta.com", domain="sip:ss1.carrier.com",'
                  b' qop="auth", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE,'
                  b' algorithm=MD5'),
                 ("AUTHORIZATION", b'Digest username="bob", realm="biloxi.com", nonce='
                  b'"dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth,'
                  b' nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1",'
                  b' opaque="5ccc069c403ebaf9f0171e9517f40e41"'),
                 ("AUTHENTICATION_INFO", b'nextnonce="47364c23432d2e131a5fb210812c", qop=auth,'
                  b' rspauth="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001'),
                 ("PROXY_AUTHENTICATE", b'Basic realm="x"')],
        "scalar": [("DATE", b"Sat, 13 Nov 2010 23:29:00 GMT"), ("TIMESTAMP", b"54.1 0.25"),
                   ("RETRY_AFTER", b"18000;duration=3600 (I'm in a meeting)"),
                   ("WARNING", b'307 isi.edu "Session parameter \'foo\' not understood"'),
                   ("CALL_INFO", b"<http://wwww.example.com/alice/photo.jpg> ;purpose=icon"),
                   ("ALERT_INFO", b"<http://www.example.com/sounds/moo.wav>"),
                   ("ERROR_INFO", b"<sip:not-in-service-recording@atlanta.com>"),
                   ("ACCEPT", b"application/sdp;level=1, application/x-private, text/html"),
                   ("ACCEPT", b""), ("ALLOW", b"INVITE, ACK, OPTIONS, CANCEL, BYE"),
                   ("ACCEPT_LANGUAGE", b"da, en-gb;q=0.8, en;q=0.7"),
                   ("CONTENT_DISPOSITION", b"session;handling=optional"),
                   ("MIME_VERSION", b"1.0"), ("PRIORITY", b"emergency"),
                   ("IN_REPLY_TO", b"70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com"),
                   ("SERVER", b"HomeServer v2"), ("USER_AGENT", b"Softphone Beta1.5 (comment)"),
                   ("ORGANIZATION", b"Boxes by Bob"), ("SUBJECT", b"Need more boxes"),
                   ("MIN_EXPIRES", b"60"), ("UNSUPPORTED", b"foo"),
                   ("CONTENT_ENCODING", b"gzip"), ("CONTENT_LANGUAGE", b"fr")],
    }
    for t, vals in hand.items():
        for hid, v in vals:
            add(seeds, t, bytes([SEL[t].index(hid)]) + v, "hand")
    add(seeds, "sdp", SDP, "hand")
    add(seeds, "multipart", b"boundary42\n--boundary42\r\nContent-Type: application/sdp\r\n\r\n"
        + SDP + b"\r\n--boundary42\r\nContent-Type: text/plain\r\n\r\nhello\r\n--boundary42--\r\n",
        "hand")
    for sl in [b"OPTIONS sip:user@example.com SIP/2.0", b"SIP/2.0 404 Not Found",
               b"SIP/2.0 200 ", b"REGISTER <sip:registrar.example.com> SIP/2.0",
               b"INVITE sip:[2001:db8::10]:5070 SIP/7.0"]:
        add(seeds, "startline", sl, "hand")

    for t in TARGETS:
        d = os.path.join(CORPUS, t)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.startswith("s-"):
                os.unlink(os.path.join(d, f))
        for name, data in sorted(seeds[t].items()):
            with open(os.path.join(d, name), "wb") as fp:
                fp.write(data)
        print("%-10s %4d seeds" % (t, len(seeds[t])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
