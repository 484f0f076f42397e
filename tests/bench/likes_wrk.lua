-- wrk script for tests/bench/likes.py: one connection per wrk thread (-t N -c N), so every answer
-- belongs to the last request of its thread and latencies can be taken here, per kind of request.
--
-- Settings come from the environment (init() args do not reach done()):
--   LIKES_BENCH_MODE   ping | like
--   LIKES_BENCH_PLANS  like mode: prefix of the per-thread plan files "<prefix>.<thread>", each the
--                      thread's like requests written out one after another (no bodies)
--   LIKES_BENCH_LIKE_SECONDS  like mode: likes are sent for this long, then only pings, so that wrk
--                      stops with no like unanswered and the accepted count is exact
--   LIKES_BENCH_OUT    file done() writes the figures to
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

local mode, ping, plan, like_deadline
local sent_kind, sent_at

function init(args)
  mode = os.getenv("LIKES_BENCH_MODE")
  ping = wrk.format("GET", "/api/v1/ping")
  plan, next_like = {}, 1
  latencies, statuses, likes_answered, awaiting_like = {}, {}, 0, false
  first_sent, last_answer = 0, 0  -- µs: the span this thread measured, for its rate
  if mode == "like" then
    local file = assert(io.open(os.getenv("LIKES_BENCH_PLANS") .. "." .. thread_number, "rb"))
    for one in file:read("*a"):gmatch(".-\r\n\r\n") do
      plan[#plan + 1] = one
    end
    file:close()
    like_deadline = now_us() + tonumber(os.getenv("LIKES_BENCH_LIKE_SECONDS")) * 1000000
  end
end

function request()
  sent_at = now_us()
  -- wrk calls request() once more on thread 0 before it starts, to check the request, and never
  -- sends that one: so "sent" is known only by the answer (awaiting_like tells of one in flight).
  if mode == "like" and sent_at < like_deadline and next_like <= #plan then
    sent_kind = "like"
    awaiting_like = true
    next_like = next_like + 1
    return plan[next_like - 1]
  end
  sent_kind = "ping"
  return ping
end

-- After the likes, a connection only shows it is alive (a ping every 200 ms) until wrk stops, so the
-- CPU the phase used is the likes' own.
function delay()
  if mode == "like" and sent_at and (sent_at >= like_deadline or next_like > #plan) then
    return 200
  end
  return 0
end

function response(status, headers, body)
  if sent_kind ~= mode then
    return  -- the pings that close a like phase are not measured
  end
  last_answer = now_us()
  if first_sent == 0 then
    first_sent = sent_at
  end
  latencies[#latencies + 1] = last_answer - sent_at
  statuses[status] = (statuses[status] or 0) + 1
  if sent_kind == "like" then
    likes_answered = likes_answered + 1
    awaiting_like = false
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("LIKES_BENCH_OUT"), "w"))
  out:write(string.format("errors %d %d %d %d\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  for _, thread in ipairs(threads) do
    local measured = thread:get("latencies")
    -- thread number, plan entries used, likes answered, a like still unanswered (0/1), measured, span (µs)
    out:write(string.format("thread %d %d %d %d %d %d\n", thread:get("thread_number"), thread:get("next_like") - 1,
      thread:get("likes_answered"), thread:get("awaiting_like") and 1 or 0, #measured,
      thread:get("last_answer") - thread:get("first_sent")))
    for status, count in pairs(thread:get("statuses")) do
      out:write(string.format("status %d %d\n", status, count))
    end
    for _, micros in ipairs(measured) do
      out:write(string.format("latency %d\n", micros))
    end
  end
  out:close()
end
