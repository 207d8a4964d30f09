#!/usr/bin/env python3
"""Issue 14's hostile inputs, made from the repository's real fixtures, for the CLI measurements (measure.sh).

usage: make_hostile_files.py REPO OUT
Writes OUT/dnl_20000.jpg (the DNL trick: a 64x64 decoy frame inside a DNL body, then obama.jpg claiming 20000x20000),
OUT/ztxt_1gib.png and OUT/itxt_512mib.png (amy1.png with a text chunk inflating to 1 GiB / 512 MiB), OUT/fifo.jpg (a
FIFO), OUT/loop/ (one photo and two links to the folder itself, one link from a sub-folder to it).
"""
import os, struct, sys, zlib

repo, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
fx = os.path.join(repo, "tests/FaceMetric.Tests/Fixtures/data")

def find_marker(d, code):
    pos = 2
    while True:
        assert d[pos] == 0xFF
        if d[pos + 1] == code:
            return pos
        pos += 2 + struct.unpack(">H", d[pos + 2:pos + 4])[0]

jpeg = open(os.path.join(fx, "face_recognition/examples/obama.jpg"), "rb").read()
sof = find_marker(jpeg, 0xC0)
sof_len = 2 + struct.unpack(">H", jpeg[sof + 2:sof + 4])[0]
small = bytearray(jpeg[sof:sof + sof_len]); small[5:7] = struct.pack(">H", 64); small[7:9] = struct.pack(">H", 64)
sos = find_marker(jpeg, 0xDA)
decoy_sos = jpeg[sos:sos + 2 + struct.unpack(">H", jpeg[sos + 2:sos + 4])[0]]
real = bytearray(jpeg); real[sof + 5:sof + 7] = struct.pack(">H", 20000); real[sof + 7:sof + 9] = struct.pack(">H", 20000)
dnl = b"\xff\xd8\xff\xdc" + struct.pack(">H", 2 + len(small) + len(decoy_sos)) + bytes(small) + decoy_sos + bytes(real[2:])
open(os.path.join(out, "dnl_20000.jpg"), "wb").write(dnl)

def zeros_zlib(n):
    c = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [c.compress(chunk) for _ in range(n >> 20)]
    parts.append(c.flush())
    return b"".join(parts)

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

png = open(os.path.join(fx, "face-api.js/examples/images/amy/amy1.png"), "rb").read()
iend = len(png) - 12
open(os.path.join(out, "ztxt_1gib.png"), "wb").write(png[:iend] + chunk(b"zTXt", b"Comment\0\0" + zeros_zlib(1 << 30)) + png[iend:])
open(os.path.join(out, "itxt_512mib.png"), "wb").write(png[:iend] + chunk(b"iTXt", b"XML:com.adobe.xmp\0\1\0\0\0" + zeros_zlib(1 << 29)) + png[iend:])

fifo = os.path.join(out, "fifo.jpg")
if not os.path.exists(fifo):
    os.mkfifo(fifo)
loop = os.path.join(out, "loop")
os.makedirs(os.path.join(loop, "sub"), exist_ok=True)
open(os.path.join(loop, "obama.jpg"), "wb").write(jpeg)
for link, target in (("self1", loop), ("self2", loop), ("sub/up", loop)):
    p = os.path.join(loop, link)
    if not os.path.lexists(p):
        os.symlink(target, p)
print("written to", out)
