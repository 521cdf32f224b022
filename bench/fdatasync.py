#!/usr/bin/env python3
"""Latency of fdatasync after a write that grows a file against one that overwrites it.

Usage: bench/fdatasync.py [DIR] [ROUNDS]   (DIR defaults to $TMPDIR or /tmp)

Each case writes 32 KiB (about what one of gramd's commit groups adds to its WAL) and
syncs, 2,000 times on a fresh file: "append" extends the file every time, as a log
that only grows does; "overwrite" first fills the file, syncs it, and then writes over
it from the start, as SQLite's WAL does once it starts over. On ext4, a sync after an
append must also commit the file's new size to the journal.
"""
import os
import sys
import time

SIZE = 32 * 1024
COUNT = 2000


def run(path, overwrite):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        data = os.urandom(SIZE)
        if overwrite:
            for _ in range(COUNT):
                os.write(fd, data)
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        times = []
        for _ in range(COUNT):
            os.write(fd, data)
            start = time.perf_counter()
            os.fdatasync(fd)
            times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    return times


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TMPDIR", "/tmp")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    path = os.path.join(directory, "gramd-fdatasync-probe")
    for _ in range(rounds):
        for name, overwrite in (("append", False), ("overwrite", True)):
            t = run(path, overwrite)
            print(
                f"{name:9}  p50 {t[len(t) // 2] * 1e6:6.0f} µs"
                f"  p90 {t[len(t) * 9 // 10] * 1e6:6.0f} µs"
                f"  mean {sum(t) / len(t) * 1e6:6.0f} µs"
            )


if __name__ == "__main__":
    main()
