// Linked into the claimcheck program only with jemalloc (CLAIMCHECK_JEMALLOC).
//
// jemalloc reads this string before its first allocation; MALLOC_CONF in the environment is read
// after it, so a user can still turn any of it off ("MALLOC_CONF=thp:default").
//
// thp:always backs jemalloc's memory with transparent huge pages. A run touches about as many
// pages as it holds, and on a virtual machine each first touch of a 4 KiB page cost 3-4 µs: a
// million claims spent 13-17 s of a 34-38 s run in the kernel. With 2 MiB pages the same run took
// 22.9 s (bench/README.md). The kernel may stall to compact memory for a huge page when little of
// it is free in one piece; that costs time, never a different report.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
