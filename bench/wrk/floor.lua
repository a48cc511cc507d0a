-- wrk script for `Lapor.Orleans.Bench floor`: posts the same ~0.6 KB report as submit.lua (a unique title each time)
-- to the URL's path, and ends with the same one line the bench records.
local counter = 0
local prefix = ""
created, other = 0, 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  prefix = string.format("floor%08x%02x%06x", os.time(), tid, math.random(0, 0xffffff))
end

local head = '{"kind":"complaint","title":"Lampu lalu lintas mati #'
local tail = '","body":"Lampu lalu lintas di perempatan Jl. Ijen mati sejak kemarin malam sehingga kendaraan saling ' ..
  'berebut jalan dan hampir terjadi kecelakaan. Mohon petugas segera memeriksa dan memperbaiki lampu tersebut serta ' ..
  'menempatkan petugas pengatur lalu lintas selama perbaikan berlangsung. Terima kasih.","incidentDate":"2026-12-01",' ..
  '"location":{"regionCode":"35.73"},"category":"Perhubungan","reporter":{"name":"Budi Santoso","email":"budi@example.id"}}'

function request()
  counter = counter + 1
  return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, head .. prefix .. counter .. tail)
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
