-- wrk script: POSTs pre-signed GitHub push deliveries, each with a fresh X-GitHub-Delivery id, and counts answers.
--   wrk -t2 -c50 -d20s -s signed-push.lua http://127.0.0.1:PORT/webhooks/github -- <payloads file> <run id> [rate threads] [acked ids file prefix]
-- With a rate (requests/s in all) each thread sends on a fixed schedule through wrk's delay() hook; without, every
-- connection sends as soon as its previous answer came back. Latency is measured from the moment a request is
-- written, so a server stall is under-reported (coordinated omission); max_ms shows such stalls.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local payloads, run, interval, next_send = {}, "run", nil, nil
local seq = 0
-- globals, so done() can read them from each thread with thread:get()
ok2xx, dup, non2xx, bad_status = 0, 0, 0, 0
local acked -- file of the stream ids berth acknowledged (202 bodies), when asked for

function init(args)
  local file = args[1]
  run = args[2] or "run"
  for line in io.lines(file) do
    local tab = line:find("\t", 1, true)
    payloads[#payloads + 1] = { sig = line:sub(1, tab - 1), body = line:sub(tab + 1) }
  end
  if args[5] and args[5] ~= "" then
    acked = assert(io.open(string.format("%s-%d", args[5], tid), "w"))
  end
  local rate, nthreads = tonumber(args[3] or ""), tonumber(args[4] or "1")
  if rate and rate > 0 then
    -- delay() runs in the thread, for whichever of its connections is about to send: each call reserves the next
    -- slot of the thread's schedule, so the thread sends rate/threads requests per second while it has enough
    -- connections to cover the answer time
    interval = 1000 * nthreads / rate
  end
end

function request()
  seq = seq + 1
  local p = payloads[(seq + tid * 7919) % #payloads + 1]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "push",
    ["X-GitHub-Hook-ID"] = "1",
    ["X-GitHub-Delivery"] = string.format("%s-%d-%d", run, tid, seq),
    ["X-Hub-Signature-256"] = p.sig,
  }, p.body)
end

function delay()
  if not interval then return 0 end
  local t = now_ms()
  if not next_send then next_send = t + math.random() * interval end
  next_send = next_send + interval
  local wait = next_send - t
  if wait < 0 then
    next_send = t -- behind schedule: send now, do not burst to catch up
    return 0
  end
  return wait
end

function response(status, headers, body)
  if status == 202 then
    ok2xx = ok2xx + 1
    if acked then
      local id = body:match('"ids":%["([^"]+)"')
      acked:write(id or "?", "\n")
    end
  elseif status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
    dup = dup + 1
  else
    non2xx = non2xx + 1
    bad_status = status
  end
end

function done(summary, latency, requests)
  local ok, d, bad, bad_st = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    bad_st = math.max(bad_st, t:get("bad_status"))
    ok = ok + t:get("ok2xx")
    d = d + t:get("dup")
    bad = bad + t:get("non2xx")
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d ok2xx=%d other2xx=%d non2xx=%d errors=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx_status=%d\n",
    summary.requests, ok, d, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, bad_st))
end
