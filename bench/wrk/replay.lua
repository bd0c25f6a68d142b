-- Replay pre-built HTTP requests with wrk: wrk -s bench/wrk/replay.lua URL -- REQUESTS STAMPS THREADS
--
-- REQUESTS holds one raw request a line, its CRLFs written as tabs. Request i (from 1) goes to thread
-- (i - 1) % THREADS, which sends its share in order, one per request() call, starting over once it has
-- sent them all (each such request counts as a repeat). STAMPS, unless "-", receives "i wall" for every
-- request sent, wall being the clock time (s) just before wrk writes it. done() prints one line,
-- "REPLAY {json}", with the answered requests, the window, the latency percentiles (µs), the errors,
-- the HTTP statuses seen, and how many requests were sent and repeated.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } replay_timespec;
int clock_gettime(int clock, replay_timespec *now);
]]
local now = ffi.new("replay_timespec")

local function wall()
  ffi.C.clock_gettime(0, now) -- CLOCK_REALTIME, the clock Python's time.time() reads
  return tonumber(now.tv_sec) + tonumber(now.tv_nsec) * 1e-9
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[3])
  stamping = args[2] ~= "-"
  stamps_path = args[2]
  mine, lines = {}, {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % count == id then
      mine[#mine + 1] = line:gsub("\t", "\r\n")
      lines[#lines + 1] = i + 1
    end
    i = i + 1
  end
  sent, repeats, codes, stamp_lines, stamp_walls = 0, 0, {}, {}, {}
  checked = id ~= 0 -- wrk calls request() once on its first thread to check it, before the run
end

function request()
  local k = sent % #mine + 1
  if not checked then
    checked = true
    return mine[k]
  end
  if sent >= #mine then
    repeats = repeats + 1
  end
  sent = sent + 1
  if stamping then
    stamp_lines[sent] = lines[k]
    stamp_walls[sent] = wall()
  end
  return mine[k]
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

function done(summary, latency, requests)
  local sent_all, repeats_all, codes_all, out = 0, 0, {}, nil
  for _, thread in ipairs(threads) do
    sent_all = sent_all + thread:get("sent")
    repeats_all = repeats_all + thread:get("repeats")
    for status, n in pairs(thread:get("codes")) do
      codes_all[status] = (codes_all[status] or 0) + n
    end
    if thread:get("stamping") then
      out = out or io.open(thread:get("stamps_path"), "w")
      local walls = thread:get("stamp_walls")
      for n, line in ipairs(thread:get("stamp_lines")) do
        out:write(string.format("%d %.6f\n", line, walls[n]))
      end
    end
  end
  if out then
    out:close()
  end
  local statuses = {}
  for status, n in pairs(codes_all) do
    statuses[#statuses + 1] = string.format('"%d": %d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    'REPLAY {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "codes": {%s}, "sent": %d, "repeats": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, table.concat(statuses, ", "), sent_all, repeats_all))
end
