#!/usr/bin/env python3
"""Writes seed inputs for the stateful fuzz targets (fuzz_stack.c,
fuzz_transport.c) and the suite parsers (fuzz_case_loader.c,
fuzz_results_json.c) into corpus/<target>/. The event encoding is the one
fuzz_stack.c documents: one config byte, then (variant << 3 | kind) opcodes.
Run from anywhere: python3 fuzz/gen_stateful_seeds.py"""
import glob
import os
import shutil
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "corpus")


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def op(kind, variant=0):
    return bytes([(variant << 3) | kind])


def udp(msg, peer=0):
    return op(0, peer) + struct.pack("<H", len(msg)) + msg


def tcp(msg, conn=0):
    return op(2, conn) + struct.pack("<H", len(msg)) + msg


def clock(n=0):
    return op(3) + bytes([n])


# fuzz_stack.c's tables: answer codes and UA actions.
CODES = [100, 180, 183, 200, 202, 302, 401, 407, 404, 481, 486, 487, 491, 500, 503, 603]


def answer(code):
    return op(6, CODES.index(code))


CALL, OPTIONS, REGISTER, HANGUP, CANCEL, REINVITE = 0, 1, 2 | 16, 3, 4, 5
ACK, BYE, RE_INVITE_IN, CANCEL_IN = 0, 1, 2, 3

invite = read("bench/messages/invite-sdp.sip").replace(b"sip:bob@biloxi.com SIP", b"sip:sipref@127.0.0.1 SIP")
register = read("bench/messages/register.sip")

stack = {
    "uas-call-ack-bye": b"\x00" + udp(invite) + clock(0) + op(7, ACK) + clock(10) + op(7, BYE) + clock(0),
    "uas-call-no-ack": b"\x00" + udp(invite) + clock(0) + clock(0) + clock(0) + clock(250) + clock(250),
    "uas-reject": b"\x01" + udp(invite) + clock(0) + op(7, ACK) + clock(0),
    "uas-ring-cancel": b"\x02" + udp(invite) + clock(1) + op(7, CANCEL_IN) + clock(0) + op(7, ACK),
    "uas-tcp-call": b"\x00" + tcp(invite.replace(b"SIP/2.0/UDP", b"SIP/2.0/TCP")) + clock(0) + op(5),
    "uac-call": b"\x00" + op(4, CALL) + answer(180) + answer(200) + clock(0) + op(4, HANGUP) + answer(200) + clock(0),
    "uac-call-reject": b"\x00" + op(4, CALL) + answer(100) + answer(486) + clock(0) + answer(486),
    "uac-call-auth": b"\x00" + op(4, CALL) + answer(407) + answer(180) + answer(200) + clock(0),
    "uac-call-redirect": b"\x00" + op(4, CALL) + answer(302) + answer(200) + clock(0),
    "uac-call-cancel": b"\x00" + op(4, CALL) + answer(180) + op(4, CANCEL) + answer(200) + answer(487),
    "uac-call-timeout": b"\x00" + op(4, CALL) + clock(0) + clock(0) + clock(0) + clock(0) + clock(0) + clock(0) + clock(0),
    "uac-options": b"\x00" + op(4, OPTIONS) + answer(200),
    "uac-register-auth": b"\x00" + op(4, REGISTER) + answer(401) + answer(200) + clock(0),
    "uac-reinvite": b"\x00" + op(4, CALL) + answer(200) + op(4, REINVITE) + answer(491) + clock(60) + answer(200),
    "uas-register": b"\x00" + udp(register),
}
for path in sorted(glob.glob(os.path.join(ROOT, "corpus/torture/rfc4475/*.dat"))):
    name = os.path.splitext(os.path.basename(path))[0]
    data = open(path, "rb").read()
    stack["torture-udp-" + name] = b"\x00" + udp(data[:8191]) + clock(0)
    stack["torture-tcp-" + name] = b"\x00" + tcp(data[:8191]) + clock(0)

transport = {}
for path in sorted(glob.glob(os.path.join(ROOT, "corpus/torture/rfc4475/*.dat"))):
    name = os.path.splitext(os.path.basename(path))[0]
    transport["torture-" + name] = bytes([len(name)]) + open(path, "rb").read()
opts = b"OPTIONS sip:u@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1:40001;branch=z9hG4bKs1\r\n" \
       b"Max-Forwards: 70\r\nTo: <sip:u@127.0.0.1>\r\nFrom: <sip:c@192.0.2.1>;tag=1\r\nCall-ID: s1\r\n" \
       b"CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
transport["keepalive-and-two"] = b"\x05" + b"\r\n\r\n" + opts + b"\r\n" + opts.replace(b"s1", b"s2")

for target, seeds in (("stack", stack), ("transport", transport)):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, "s-" + name), "wb") as f:
            f.write(data)

# Suite parsers: every case file and profile of the tree, and a results.json.
d = os.path.join(CORPUS, "case_loader")
os.makedirs(d, exist_ok=True)
for path in sorted(glob.glob(os.path.join(ROOT, "cases/**/*.y*ml"), recursive=True)):
    rel = os.path.relpath(path, os.path.join(ROOT, "cases")).replace(os.sep, "-")
    shutil.copyfile(path, os.path.join(d, "s-" + rel))
