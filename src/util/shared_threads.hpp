#pragma once
// Runs one piece of work on several threads at once: work(0) on the calling thread, work(1) to
// work(threads − 1) on threads of their own, and returns once all have finished. A thread the
// system refuses (std::system_error: out of memory, or over the process's thread limit) is left
// out, so the work must be shared through a counter (each thread takes the next item until none is
// left): the threads that did start then do the refused ones' share, and the process never aborts.

#include <functional>

namespace gigasim {

// The number of threads that ran the work, the calling one included (1 to `threads`).
int run_on_threads(int threads, const std::function<void(int thread)>& work);

}  // namespace gigasim
