// WorkerPool (doudi/policy.h): threads started once, reused by every call.
//
// Design note. A call to run(n, task) is a Job: an atomic counter of the
// next task index, and a count of tasks done. The job is queued; idle
// workers and the calling thread take indices until none is left; the caller
// waits until every task is done. Several calls (from several threads) may
// be queued at once: workers serve the oldest first.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "doudi/policy.h"

namespace doudi::api {

struct WorkerPool::Impl {
  struct Job {
    const std::function<void(size_t)>* task = nullptr;
    size_t n = 0;
    std::atomic<size_t> next{0};
    size_t done = 0;  // under mutex
  };

  std::mutex mutex;
  std::condition_variable work, finished;
  std::deque<std::shared_ptr<Job>> jobs;
  bool stopping = false;
  std::vector<std::thread> threads;

  // Runs tasks of `job` until none is left.
  void drain(Job& job) {
    size_t ran = 0;
    for (size_t i; (i = job.next.fetch_add(1)) < job.n; ++ran) (*job.task)(i);
    if (ran == 0) return;
    std::lock_guard<std::mutex> lock(mutex);
    job.done += ran;
    if (job.done == job.n) finished.notify_all();
  }

  void worker() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (jobs.empty()) return;  // stopping
        job = jobs.front();
        if (job->next.load() >= job->n) {  // every task taken: the job leaves the queue
          jobs.pop_front();
          continue;
        }
      }
      drain(*job);
    }
  }
};

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>()) {
  unsigned n = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  // The caller's thread works too: n - 1 helpers give n threads at work.
  for (unsigned i = 1; i < n; ++i) impl_->threads.emplace_back([this] { impl_->worker(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work.notify_all();
  for (auto& t : impl_->threads) t.join();
}

int WorkerPool::threads() const { return static_cast<int>(impl_->threads.size()) + 1; }

void WorkerPool::run(size_t n, const std::function<void(size_t)>& task) {
  if (n == 0) return;
  if (n == 1 || impl_->threads.empty()) {
    for (size_t i = 0; i < n; ++i) task(i);
    return;
  }
  auto job = std::make_shared<Impl::Job>();
  job->task = &task;
  job->n = n;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->jobs.push_back(job);
  }
  impl_->work.notify_all();
  impl_->drain(*job);
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->finished.wait(lock, [&] { return job->done == job->n; });
  // Leave the queue now, so no worker holds on to a job whose task is gone.
  for (auto it = impl_->jobs.begin(); it != impl_->jobs.end(); ++it)
    if (*it == job) {
      impl_->jobs.erase(it);
      break;
    }
}

WorkerPool& WorkerPool::shared() {
  static WorkerPool pool(0);
  return pool;
}

}  // namespace doudi::api
