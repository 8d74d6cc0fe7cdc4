-- For bench/server.py: counts each response's status and X-Page-Cache header in every
-- wrk thread; done() prints them, with the rate and latencies, as one line of JSON.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses, caches, example, sent = {}, {}, "", 0
end

-- Counted, because the server finishes (and spends CPU on) the requests still in flight
-- when wrk stops, which no response counts.
function request()
  sent = sent + 1
  return wrk.format()
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local cache = headers["X-Page-Cache"] or "-"
  caches[cache] = (caches[cache] or 0) + 1
  if status ~= 200 and example == "" then
    example = key .. " " .. (headers["Location"] or "")
  end
end

local function merge(into, from)
  for k, v in pairs(from) do into[k] = (into[k] or 0) + v end
end

local function encode(t)
  local parts = {}
  for k, v in pairs(t) do table.insert(parts, string.format("%q:%d", k, v)) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all_caches, first, all_sent = {}, {}, "", 0
  for _, thread in ipairs(threads) do
    all_sent = all_sent + thread:get("sent")
    merge(all_statuses, thread:get("statuses"))
    merge(all_caches, thread:get("caches"))
    if first == "" then first = thread:get("example") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"sent":%d,"duration_us":%.0f,"median_us":%.0f,"p95_us":%.0f,"errors":%d,' ..
    '"statuses":%s,"caches":%s,"example":%q}\n',
    summary.requests, all_sent, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, encode(all_statuses), encode(all_caches), first))
end
