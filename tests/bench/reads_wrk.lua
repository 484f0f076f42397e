-- wrk script for tests/bench/reads.py: GETs of one public read (or of ping), the paths taken in turns.
--
-- Settings come from the environment (init() args do not reach done()):
--   READS_BENCH_PATHS  the paths to GET, separated by spaces (each connection starts at another)
--   READS_BENCH_OUT    file done() writes the figures to
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("READS_BENCH_PATHS"), "%S+") do
    paths[#paths + 1] = wrk.format("GET", path)
  end
  next_path = thread_number % #paths
  statuses, body_bytes, answers = {}, 0, 0
end

function request()
  next_path = next_path % #paths + 1
  return paths[next_path]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answers = answers + 1
  body_bytes = body_bytes + (body and #body or 0)
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("READS_BENCH_OUT"), "w"))
  out:write(string.format("errors %d %d %d %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  -- answers, the run's span (µs), latency percentiles (µs)
  out:write(string.format("summary %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99)))
  local bytes, counted = 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      out:write(string.format("status %d %d\n", status, count))
    end
    bytes = bytes + thread:get("body_bytes")
    counted = counted + thread:get("answers")
  end
  out:write(string.format("body %d %d\n", bytes, counted))
  out:close()
end
