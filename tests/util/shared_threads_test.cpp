// run_on_threads: every item done once on any number of threads, and a thread the system refuses
// leaves the work to the others instead of aborting the process.
#include "util/shared_threads.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

namespace gigasim {
namespace {

// 1,000 items taken from a shared counter: each done exactly once whoever ran it.
bool every_item_once(int threads, int* ran) {
  constexpr int kItems = 1000;
  std::vector<std::atomic<int>> done(kItems);
  std::atomic<int> next{0};
  *ran = run_on_threads(threads, [&](int) {
    for (int i = next++; i < kItems; i = next++) ++done[static_cast<std::size_t>(i)];
  });
  for (const auto& count : done)
    if (count != 1) return false;
  return true;
}

TEST(SharedThreads, EveryItemOnceOnAnyNumberOfThreads) {
  int ran = 0;
  EXPECT_TRUE(every_item_once(1, &ran));
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(every_item_once(8, &ran));
  EXPECT_EQ(ran, 8);
}

// AddressSanitizer reserves terabytes of address space up front: no cap can be set under it.
#if defined(__SANITIZE_ADDRESS__)
#define GIGASIM_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GIGASIM_ADDRESS_SANITIZER 1
#endif
#endif
TEST(SharedThreadsDeathTest, RefusedThreadsLeaveTheWorkToTheOthers) {
#ifdef GIGASIM_ADDRESS_SANITIZER
  GTEST_SKIP() << "AddressSanitizer reserves the address space the cap would bound";
#endif
  // glibc gives each thread a stack of RLIMIT_STACK's size (8 MiB by default, 2 MiB or more when
  // unlimited): 64 of them need more than the cap's 64 MiB only when each exceeds 1 MiB.
  rlimit stack{};
  getrlimit(RLIMIT_STACK, &stack);
  if (stack.rlim_cur != RLIM_INFINITY && stack.rlim_cur < (2UL << 20))
    GTEST_SKIP() << "thread stacks under 2 MiB (ulimit -s): 64 of them fit under the cap";
  // Under a 64 MiB address-space cap above what the process holds, 64 threads with glibc's 8 MiB
  // stacks cannot all start: before, std::thread's system_error escaped a pool of joinable threads
  // and std::terminate aborted; now the work ends with fewer threads, every item once.
  EXPECT_EXIT(
      {
        rlimit cap{};
        getrlimit(RLIMIT_AS, &cap);
        // The current mapping size, read from /proc, plus 64 MiB.
        std::FILE* status = std::fopen("/proc/self/statm", "r");
        unsigned long pages = 0;
        if (status == nullptr || std::fscanf(status, "%lu", &pages) != 1) std::exit(3);
        std::fclose(status);
        cap.rlim_cur = pages * static_cast<unsigned long>(sysconf(_SC_PAGESIZE)) + (64UL << 20);
        setrlimit(RLIMIT_AS, &cap);
        int ran = 0;
        const bool ok = every_item_once(64, &ran);
        std::exit(ok && ran >= 1 && ran < 64 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace gigasim
