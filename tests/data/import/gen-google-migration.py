#!/usr/bin/env python3
# gen-google-migration.py -- write the Google Authenticator sample exports.
#
# Why: the google-*.txt samples are otpauth-migration:// URIs whose data
# is a MigrationPayload protobuf (src/otp/migration.proto). Nobody can
# read or edit those bytes by hand, so this script is their source: it
# spells out every account, encodes the protobuf with a few lines of wire
# format (no protobuf library needed), and writes the files. Run it from
# this directory after changing an account; the unit and CLI tests assert
# the accounts listed here.
#
# Wire format used (https://protobuf.dev/programming-guides/encoding/):
#   field key = (number << 3) | wire type; 0 = varint, 2 = length-delimited
#   varint    = 7 bits a byte, least significant first, high bit = "more";
#               a negative int32/int64 is its 64-bit two's complement
import base64
import urllib.parse


def varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(num, value):
    # proto3 leaves out fields that hold their default, 0.
    if value == 0:
        return b""
    return varint(num << 3 | 0) + varint(value)


def field_bytes(num, data):
    if not data:
        return b""
    return varint(num << 3 | 2) + varint(len(data)) + data


# Enum values (migration.proto).
SHA1, SHA256, SHA512, MD5 = 1, 2, 3, 4
SIX, EIGHT = 1, 2
HOTP, TOTP = 1, 2


def account(secret, name, issuer="", algorithm=0, digits=0, type_=0,
            counter=0):
    return (field_bytes(1, base64.b32decode(secret + "=" * (-len(secret) % 8)))
            + field_bytes(2, name.encode())
            + field_bytes(3, issuer.encode())
            + field_varint(4, algorithm)
            + field_varint(5, digits)
            + field_varint(6, type_)
            + field_varint(7, counter))


def payload(accounts, batch_size=1, batch_index=0, batch_id=0):
    body = b"".join(field_bytes(1, a) for a in accounts)
    return (body + field_varint(2, 1) + field_varint(3, batch_size)
            + field_varint(4, batch_index) + field_varint(5, batch_id))


def uri(data, encode=True):
    b64 = base64.b64encode(data).decode()
    if encode:
        # As Google Authenticator writes it: '+', '/' and '=' escaped.
        b64 = urllib.parse.quote(b64, safe="")
    return "otpauth-migration://offline?data=" + b64


# google-migration.txt: two exports of several QR codes each, in the order
# a user scans them, one URI percent-encoded as Google writes it and the
# others raw, with the blank lines, spaces and CRLF of a hand-made file.
BATCH_A = 1311768467
BATCH_B = -559038737   # batch ids are int32 and may be negative
a1 = payload([
    account("HOV6QIONFQSD2BCPOJ5O276TCJH63RON", "GitHub:alice@example.com",
            "GitHub", SHA1, SIX, TOTP),
    account("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", "bob",
            "ACME Co", SHA256, EIGHT, TOTP),
], 2, 0, BATCH_A)
a2 = payload([
    account("VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X", "Example:carol", "", SHA512,
            EIGHT, HOTP, 42),
    # Everything unspecified: SHA1, 6 digits, TOTP.
    account("JBSWY3DPEHPK3PXP", "dave"),
], 2, 1, BATCH_A)
b1 = payload([
    account("EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH", "Other:eve", "Different",
            SHA1, SIX, TOTP),
], 3, 0, BATCH_B)
b2 = payload([
    account("LUXSHN5ASY3HEX4B", "\u5c71\u7530", "Caf\u00e9", SHA1, SIX, TOTP),
], 3, 1, BATCH_B)
b3 = payload([
    account("NO4OOEJSDCLRURRL", "ops@example.com", "Cloud", SHA1, SIX, HOTP,
            0),
], 3, 2, BATCH_B)
with open("google-migration.txt", "w", newline="") as f:
    f.write(uri(a1) + "\n")
    f.write("\n")
    f.write("   " + uri(a2, encode=False) + "  \r\n")
    f.write(uri(b1, encode=False) + "\n\n")
    f.write(uri(b2) + "\n")
    f.write("\t" + uri(b3, encode=False) + "\n")

# google-unsupported.txt: one QR code holding an MD5 account between two
# good ones.
u = payload([
    account("RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", "alice", "GitHub", SHA1, SIX,
            TOTP),
    account("VQB7S564FWCGGTYWUF4WW3IFXA", "bob", "Legacy", MD5, SIX, TOTP),
    account("6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX", "carol", "Example", SHA1,
            SIX, TOTP),
])
with open("google-unsupported.txt", "w") as f:
    f.write(uri(u) + "\n")

# google-incomplete.txt: parts 1 and 3 of an export of 3 QR codes.
c1 = payload([account("PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY", "alice",
                      "GitHub", SHA1, SIX, TOTP)], 3, 0, 7)
c3 = payload([account("AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ", "bob", "GitLab",
                      SHA1, SIX, TOTP)], 3, 2, 7)
with open("google-incomplete.txt", "w") as f:
    f.write(uri(c1) + "\n" + uri(c3) + "\n")
