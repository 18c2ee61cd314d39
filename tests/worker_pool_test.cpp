// WorkerPool (api/worker_pool.cpp): every task runs once, calls may come from
// several threads at once, and the pool's threads are reused.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "doudi/policy.h"

using doudi::api::WorkerPool;

TEST_CASE("worker pool: every task runs exactly once") {
  WorkerPool pool(3);
  CHECK(pool.threads() == 3);
  std::vector<std::atomic<int>> runs(1000);
  pool.run(runs.size(), [&](size_t i) { runs[i]++; });
  for (auto& r : runs) CHECK(r.load() == 1);
  pool.run(0, [&](size_t) { FAIL("no task"); });
}

TEST_CASE("worker pool: calls reuse the same threads - none started per call") {
  WorkerPool pool(2);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  for (int call = 0; call < 50; ++call)
    pool.run(8, [&](size_t) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      std::lock_guard<std::mutex> lock(mutex);
      seen.insert(std::this_thread::get_id());
    });
  CHECK(seen.size() <= 2);  // the pool's helper and the calling thread
  CHECK(seen.count(std::this_thread::get_id()) == 1);
}

TEST_CASE("worker pool: calls from several threads at once all finish") {
  WorkerPool pool(2);
  std::atomic<long> sum{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&] {
      for (int k = 0; k < 20; ++k) pool.run(10, [&](size_t i) { sum += static_cast<long>(i); });
    });
  for (auto& t : callers) t.join();
  CHECK(sum.load() == 4 * 20 * 45);
}
