// The machine's memory bandwidth, measured now: a STREAM-like copy (b = a, memcpy) of two arrays
// of `elements` doubles on `threads` threads, best of `repeat`, counted as 16 bytes an element
// (one read, one write), the way STREAM counts its Copy.
#pragma once

#include <cstddef>

namespace parkit::report {

double copy_bandwidth(std::size_t elements, int threads = 1, int repeat = 5);  // bytes per second

}  // namespace parkit::report
