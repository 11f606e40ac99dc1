-- Stores one hub event in the history stream and gives it its id. Run by sse-hub's RedisHistoryStore.
-- KEYS[1] the stream, KEYS[2] the id clock (hash: ms, seq), KEYS[3] the Redis bridges' writer lease,
-- KEYS[4] the position of the last bridged message stored, per channel (hash: topic -> '<marker>:<count>'),
-- KEYS[5] the event's idempotency key ('' for none): holds the id of the first event published with it
-- ARGV: 1 maxlen, 2 topic (the first one), 3 data, 4 event name, 5 '1' when there is an event name, 6 '1' for a
--       bridged message (the writer lease must be held), 7 the lease token, 8 origin node, 9 mirror channels, one
--       per line ('' for none), 10 the bridged message's position '<marker>:<count>', 11 all the event's topics as
--       a JSON array when it has several ('' for one), 12 how long an idempotency key is kept, in ms
-- Ids are <ms>-<seq> from the server's clock; a second event in the same ms gets seq + 2^32, which leaves
-- room below the next stored id for the ids a node gives its transient (not stored) events.
-- Returns the new id, or false when a bridged message is not stored: another token (or none) holds the writer
-- lease, or a message at or after its position on its channel is stored already. With an idempotency key it
-- returns {id, '0'} for a new event, or {the first event's id, '1'} when the key is held: nothing is stored then.
local function position(text)
  local marker, count = string.match(text or '', '^(%d+):(%d+)$')
  return tonumber(marker), tonumber(count)
end
if ARGV[6] == '1' then
  if redis.call('GET', KEYS[3]) ~= ARGV[7] then
    return false
  end
  local marker, count = position(ARGV[10])
  if not marker then
    return redis.error_reply('a bridged message needs a position <marker>:<count>')
  end
  local lastMarker, lastCount = position(redis.call('HGET', KEYS[4], ARGV[2]))
  if lastMarker and (marker < lastMarker or (marker == lastMarker and count <= lastCount)) then
    return false
  end
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[10])
end
if KEYS[5] ~= '' then
  local first = redis.call('GET', KEYS[5])
  if first then
    return {first, '1'}
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = redis.call('HMGET', KEYS[2], 'ms', 'seq')
local ms, seq = now, 0
if last[1] and tonumber(last[1]) >= now then
  ms = tonumber(last[1])
  seq = tonumber(last[2]) + 4294967296
end
local id = string.format('%.0f-%.0f', ms, seq)
local entry = {KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'topic', ARGV[2], 'data', ARGV[3], 'origin', ARGV[8]}
if ARGV[5] == '1' then
  table.insert(entry, 'event')
  table.insert(entry, ARGV[4])
end
if ARGV[11] ~= '' then
  table.insert(entry, 'topics')
  table.insert(entry, ARGV[11])
end
redis.call('XADD', unpack(entry))
redis.call('HSET', KEYS[2], 'ms', string.format('%.0f', ms), 'seq', string.format('%.0f', seq))
for channel in string.gmatch(ARGV[9], '[^\n]+') do
  redis.call('PUBLISH', channel, ARGV[3])
end
if KEYS[5] ~= '' then
  redis.call('SET', KEYS[5], id, 'PX', ARGV[12], 'NX')
  return {id, '0'}
end
return id
