-- wrk script used by bench/intake.py: POSTs a form body, counts statuses exactly and records receipt numbers.
--
-- Environment (set by intake.py):
--   BENCH_PATH     request path
--   BENCH_BODY     url-encoded form body; "{n}" is replaced by a per-request serial "<thread>-<count>"
--   BENCH_COOKIE   Cookie header to send (may be empty)
--   BENCH_OK       the status that counts as success (303 for the web form, 200 for Open311 / bare)
--   BENCH_RECEIPT  "location" (receipt number in the Location header), "json" (service_request_id) or "none"
--   BENCH_OUT      directory for per-thread receipt files (receipts-<thread>.txt)

local path = os.getenv("BENCH_PATH") or "/"
local body_template = os.getenv("BENCH_BODY") or ""
local cookie = os.getenv("BENCH_COOKIE") or ""
local ok_status = tonumber(os.getenv("BENCH_OK") or "200")
local receipt_mode = os.getenv("BENCH_RECEIPT") or "none"
local out_dir = os.getenv("BENCH_OUT") or "/tmp"

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
counts = {}  -- global: done() reads it with thread:get
local oks = 0
local receipts_file = nil
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}

function init(args)
  if cookie ~= "" then headers["Cookie"] = cookie end
  if receipt_mode ~= "none" then
    receipts_file = io.open(out_dir .. "/receipts-" .. id .. ".txt", "w")
    receipts_file:setvbuf("line")
  end
end

function request()
  counter = counter + 1
  local body = body_template:gsub("{n}", id .. "-" .. counter)
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
  if status == ok_status then
    oks = oks + 1
    if receipts_file then
      local receipt = nil
      if receipt_mode == "location" then
        local location = hdrs["Location"] or hdrs["location"] or ""
        receipt = location:match("/complaints/([^/?]+)/receipt")
      else
        receipt = body:match('"service_request_id"%s*:%s*"([^"]+)"')
      end
      receipts_file:write((receipt or "?") .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do statuses[k] = (statuses[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(statuses) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
