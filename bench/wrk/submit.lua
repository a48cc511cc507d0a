-- wrk script for intake: every request files one new complaint (unique title and Idempotency-Key, ~0.6 KB of JSON,
-- the same report the .NET generator sends) and the run ends with one line the bench records:
--   CREATED n OTHER n SECONDS s RATE r P50 ms P99 ms
-- Only 201 answers count as created; anything else (a 4xx, a 5xx) counts as other.
-- By default no report names an agency, so every one waits in the verification queue of `nasional`, the root (no
-- roll-up on the path). `wrk ... -s submit.lua URL -- named` names each of the demo data's agencies in turn (and none
-- every eighth time): each report is then counted at its agency and by every ancestor up to the root.
-- A URL with a path posts there instead of /api/complaints (bench/floor.sh loads the floor process's routes with it).
local threads = {}
local counter = 0
local prefix = ""
local named = false
local agencies = { "kemendikdasmen", "prov-jatim", "kota-malang", "malang-dishub", "malang-dpupr",
  "malang-dispendukcapil", "malang-dinkes" }
created, other = 0, 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  named = args[1] == "named"
  math.randomseed(os.time() * 1000 + tid)
  prefix = string.format("wrk%08x%02x%06x", os.time(), tid, math.random(0, 0xffffff))
end

local head = '{"kind":"complaint","title":"Lampu lalu lintas mati #'
local tail = '","body":"Lampu lalu lintas di perempatan Jl. Ijen mati sejak kemarin malam sehingga kendaraan saling ' ..
  'berebut jalan dan hampir terjadi kecelakaan. Mohon petugas segera memeriksa dan memperbaiki lampu tersebut serta ' ..
  'menempatkan petugas pengatur lalu lintas selama perbaikan berlangsung. Terima kasih.","incidentDate":"' ..
  os.date("!%Y-%m-%d", os.time() - 86400) ..
  '","location":{"regionCode":"35.73"},"category":"Perhubungan","reporter":{"name":"Budi Santoso","email":"budi@example.id"}'

function request()
  counter = counter + 1
  local key = prefix .. string.format("%010d", counter)
  local target = ""
  local agency = named and agencies[counter % (#agencies + 1)] or nil
  if agency then
    target = ',"targetAgencyId":"' .. agency .. '"'
  end
  return wrk.format("POST", wrk.path ~= "/" and wrk.path or "/api/complaints", { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key },
    head .. key .. tail .. target .. "}")
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("CREATED %d OTHER %d SECONDS %.2f RATE %.1f P50 %.2f P99 %.2f MAX %.2f\n", c, o, seconds, c / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
