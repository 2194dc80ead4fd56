"""Compare `kaito code` with Debian's oathtool on random TOTP cases.

Why: the RFC vectors cover three seeds; this covers the space. Each case
draws a secret of 1 to 64 bytes, an algorithm, digits, a period of 1 to
300 s and a time up to 2^34. oathtool only does 6 to 8 digits, so for 9
and 10 digits the check is that kaito's code is the 31-bit truncated
value (below 2^31) whose last 8 digits oathtool prints. The random seed is
printed so a failure can be replayed: KAITO_TEST_SEED=N.
"""
import base64
import os
import random
import subprocess
import sys


def kaito_code(kaito, uri, t):
    p = subprocess.run([kaito, "code", "--uri", "-", "--time", str(t)],
                       input=uri + "\n", capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"kaito failed on {uri} at {t}: {p.stderr}")
    return p.stdout.strip()


def oathtool_code(secret, algo, digits, period, t):
    p = subprocess.run(["oathtool", f"--totp={algo}", "-d", str(digits),
                        "-s", f"{period}s", "-N", f"@{t}", secret.hex()],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"oathtool failed: {p.stderr}")
    return p.stdout.strip()


def main():
    kaito, n = sys.argv[1], int(sys.argv[2])
    seed = int(os.environ.get("KAITO_TEST_SEED", random.randrange(1 << 30)))
    print(f"seed {seed}")
    rng = random.Random(seed)
    failures = 0
    for i in range(n):
        secret = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        algo = rng.choice(["SHA1", "SHA256", "SHA512"])
        digits = rng.randint(6, 10)
        period = rng.choice([30, 60, rng.randint(1, 300)])
        t = rng.randrange(1 << 34)
        b32 = base64.b32encode(secret).decode().rstrip("=")
        uri = (f"otpauth://totp/Test:case{i}?secret={b32}&algorithm={algo}"
               f"&digits={digits}&period={period}")
        got = kaito_code(kaito, uri, t)
        want = oathtool_code(secret, algo, min(digits, 8), period, t)
        ok = len(got) == digits and got.isdigit() and got.endswith(want)
        if digits > 8:
            ok = ok and int(got) < 2**31
        if not ok:
            failures += 1
            print(f"case {i}: {algo} digits={digits} period={period} t={t} "
                  f"secret={secret.hex()}: kaito {got}, oathtool {want}")
    print(f"{n - failures} of {n} cases agree with oathtool")
    sys.exit(1 if failures else 0)


main()
