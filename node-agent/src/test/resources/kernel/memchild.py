# Test child for the kernel package's integration tests: maps memory on command and prints
# addresses. One command per stdin line, one answer per stdout line ("ERR <errno>" on failure).
#
#   anon PAGES SEED          private anonymous RW mapping, every 8-byte word = its address + SEED
#   empty PAGES              private anonymous RW mapping, untouched
#   write ADDR PAGES SEED    fill pages with the pattern (faults them in)
#   read ADDR PAGES          read one byte per page (maps the zero page where untouched)
#   file PATH PAGES          private RW mapping of a file
#   protect ADDR PAGES PROT  mprotect
#   unmap ADDR PAGES         munmap
#   guard ADDR PAGES         madvise(MADV_GUARD_INSTALL)
#   touch ADDR PAGES         memset the pages to 1 (fast, no pattern)
#   pageout ADDR PAGES       madvise(MADV_PAGEOUT): swap the pages out where swap exists
#   ping                     liveness
import array
import ctypes
import os
import sys

PAGE = os.sysconf("SC_PAGE_SIZE")
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                      ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
PROT_RW = 3
MAP_PRIVATE = 2
MAP_ANONYMOUS = 0x20
MADV_GUARD_INSTALL = 102
MADV_PAGEOUT = 21
files = []


def mmap(pages, fd=-1, flags=MAP_PRIVATE | MAP_ANONYMOUS):
    addr = libc.mmap(None, pages * PAGE, PROT_RW, flags, fd, 0)
    if addr in (None, ctypes.c_void_p(-1).value):
        raise OSError(ctypes.get_errno(), "mmap")
    return addr


def fill(addr, pages, seed):
    chunk = 1024  # pages per step: bounded memory in this process
    for first in range(0, pages, chunk):
        n = min(chunk, pages - first)
        start = addr + first * PAGE
        words = array.array("Q", range(start + seed, start + seed + n * PAGE, 8))
        ctypes.memmove(start, words.buffer_info()[0], n * PAGE)


def check(result):
    if result != 0:
        raise OSError(ctypes.get_errno(), "call")
    return "ok"


def run(cmd, args):
    if cmd == "ping":
        return "ok"
    if cmd == "anon":
        addr = mmap(int(args[0]))
        fill(addr, int(args[0]), int(args[1]))
        return hex(addr)
    if cmd == "empty":
        return hex(mmap(int(args[0])))
    if cmd == "write":
        fill(int(args[0], 16), int(args[1]), int(args[2]))
        return "ok"
    if cmd == "read":
        addr, pages = int(args[0], 16), int(args[1])
        total = 0
        for i in range(pages):
            total += ctypes.c_ubyte.from_address(addr + i * PAGE).value
        return "ok"
    if cmd == "file":
        fd = os.open(args[0], os.O_RDONLY)
        files.append(fd)
        return hex(libc.mmap(None, int(args[1]) * PAGE, PROT_RW, MAP_PRIVATE, fd, 0))
    if cmd == "protect":
        return check(libc.mprotect(int(args[0], 16), int(args[1]) * PAGE, int(args[2])))
    if cmd == "unmap":
        return check(libc.munmap(int(args[0], 16), int(args[1]) * PAGE))
    if cmd == "guard":
        return check(libc.madvise(int(args[0], 16), int(args[1]) * PAGE, MADV_GUARD_INSTALL))
    if cmd == "touch":
        ctypes.memset(int(args[0], 16), 1, int(args[1]) * PAGE)
        return "ok"
    if cmd == "pageout":
        return check(libc.madvise(int(args[0], 16), int(args[1]) * PAGE, MADV_PAGEOUT))
    return "ERR unknown command " + cmd


print("ready", os.getpid(), flush=True)
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    try:
        answer = run(parts[0], parts[1:])
    except OSError as e:
        answer = "ERR %d %s" % (e.errno, e.strerror)
    print(answer, flush=True)
